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

  /** CAP <language> of what operators write (RFC 3066), e.g. en-US, ru-KZ, kk-KZ. */
  @Matches(/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/, { message: 'must be a language tag like en-US' })
  CAP_LANGUAGE: string = 'en-US';
}
