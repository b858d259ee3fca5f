import { ServiceConfig } from '@relief/config';
import { IsString, Length, Matches } from 'class-validator';

/** Settings of the resource-request-service; defaults run it on a developer machine. */
export class ResourceRequestServiceConfig extends ServiceConfig {
  override PORT = 3002;
  override KAFKA_CLIENT_ID = 'resource-request-service';

  /** The ministry in the 3W export (#org +code of the rows of what it requested). Set per deployment. */
  @Matches(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, { message: 'must be an upper-case code such as MES-KZ' })
  HXL_MINISTRY_CODE: string = 'MES-KZ';

  /** The ministry's name in the 3W export (#org +name). */
  @IsString()
  @Length(1, 200)
  HXL_MINISTRY_NAME: string = 'Ministry for Emergency Situations';
}
