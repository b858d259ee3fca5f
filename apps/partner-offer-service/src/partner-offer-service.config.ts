import { ServiceConfig } from '@relief/config';

/** Settings of the partner-offer-service; defaults run it on a developer machine. */
export class PartnerOfferServiceConfig extends ServiceConfig {
  override PORT = 3003;
  override KAFKA_CLIENT_ID = 'partner-offer-service';
}
