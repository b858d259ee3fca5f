import { IsIn, IsOptional, IsString, IsUrl } from 'class-validator';
import { PlatformProcessConfig } from '@relief/config';

const SERVICE_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The gateway's settings: no database; where the services and the identity provider are. */
export class ConsoleConfig extends PlatformProcessConfig {
  override PORT: number = 3000;

  override KAFKA_CLIENT_ID: string = 'console';

  /**
   * Names the events tap's consumer group: each gateway process joins `<this>.<random>`, so every
   * replica reads every partition (KafkaEventTap).
   */
  @IsString()
  KAFKA_GROUP_ID: string = 'console';

  /** The OIDC issuer the browser signs in at (what GET /api/config tells the SPA). */
  @IsUrl(SERVICE_URL, { message: 'must be the http(s) URL of the OIDC issuer' })
  CONSOLE_ISSUER: string = 'http://127.0.0.1:3010';

  @IsString()
  CONSOLE_CLIENT_ID: string = 'relief-console';

  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  INCIDENT_SERVICE_URL: string = 'http://127.0.0.1:3001';

  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  REQUEST_SERVICE_URL: string = 'http://127.0.0.1:3002';

  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  OFFER_SERVICE_URL: string = 'http://127.0.0.1:3003';

  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  NOTIFICATION_SERVICE_URL: string = 'http://127.0.0.1:3004';

  /**
   * Where each service's /admin/* is served, for services run with INTERNAL_PORT (a cluster):
   * the admin screens' calls go there. Unset: the service's URL above (npm start).
   */
  @IsOptional()
  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  INCIDENT_SERVICE_ADMIN_URL?: string;

  @IsOptional()
  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  REQUEST_SERVICE_ADMIN_URL?: string;

  @IsOptional()
  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  OFFER_SERVICE_ADMIN_URL?: string;

  @IsOptional()
  @IsUrl(SERVICE_URL, { message: 'must be an http(s) URL' })
  NOTIFICATION_SERVICE_ADMIN_URL?: string;

  /** The SPA's build (Vite); default dist/apps/console-web under the working directory. */
  @IsOptional()
  @IsString()
  CONSOLE_WEB_DIR?: string;

  /** Whether the events tap reads what was published before it joined (new group only). */
  @IsIn(['earliest', 'latest'])
  CONSOLE_EVENTS_FROM: 'earliest' | 'latest' = 'latest';
}
