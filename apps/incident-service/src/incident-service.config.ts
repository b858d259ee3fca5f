import { ServiceConfig } from '@relief/config';
import { IsString, Length, Matches } from 'class-validator';

/** Settings of the incident-service; defaults run it on a developer machine. */
export class IncidentServiceConfig extends ServiceConfig {
  override PORT = 3001;
  override KAFKA_CLIENT_ID = 'incident-service';

  /** CAP <sender>: who publishes the alerts, e.g. alerts@emergency.gov.kz. Set it per deployment. */
  @IsString()
  @Matches(/^[^\s,<&]{1,200}$/, { message: 'must have no spaces, commas, < or &' })
  CAP_SENDER: string = 'incidents@relief.local';

  /** CAP <senderName>, shown to the public. */
  @IsString()
  @Length(1, 200)
  CAP_SENDER_NAME: string = 'Ministry for Emergency Situations';

  /**
   * Where the public reaches this service (no trailing slash): the Atom feed's links and the
   * CAP messages' addresses are absolute, as feed readers and aggregators need them.
   */
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/, {
    message: 'must be an absolute http(s) URL without a trailing slash',
  })
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3001';
}
