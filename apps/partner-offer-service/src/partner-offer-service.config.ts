import { ServiceConfig } from '@relief/config';
import { IsString, Length, Matches } from 'class-validator';

/** Settings of the partner-offer-service; defaults run it on a developer machine. */
export class PartnerOfferServiceConfig extends ServiceConfig {
  override PORT = 3003;
  override KAFKA_CLIENT_ID = 'partner-offer-service';

  /**
   * The ministry as an owner of stock (it is no partner here: operators and admins act for it).
   * The same code as resource-request-service's HXL_MINISTRY_CODE. Set per deployment.
   */
  @Matches(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, { message: 'must be an upper-case code such as MES-KZ' })
  MINISTRY_CODE: string = 'MES-KZ';

  @IsString()
  @Length(1, 200)
  MINISTRY_NAME: string = 'Ministry for Emergency Situations';
}
