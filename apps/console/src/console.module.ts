import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from '@relief/auth';
import { loggerParams, ReadinessRegistry, tracingProvider } from '@relief/observability';
import { MetricsController, ProblemDetailsFilter } from '@relief/runtime';
import { LoggerModule } from 'nestjs-pino';
import { ConsoleConfigController } from './console-config.controller';
import { ConsoleConfig } from './console.config';
import { EventStreams } from './events/event-streams';
import { EventsController } from './events/events.controller';
import { EventsService } from './events/events.service';
import { PartnerDirectory } from './events/partner-directory';
import { OperationsController } from './operations/operations.controller';

/**
 * The gateway: logs, token verification, health, metrics and tracing as in the services (no
 * database, no outbox), the SPA's config, and the events stream. The proxy and the SPA are Express
 * middleware installed in main.ts, in front of Nest's routes.
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        LoggerModule.forRoot(
          loggerParams({ service: 'console', level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
        ),
        AuthModule.forRoot({
          jwksUrl: config.AUTH_JWKS_URL,
          publicKeyFile: config.AUTH_PUBLIC_KEY_FILE,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_S,
        }),
      ],
      controllers: [
        ConsoleConfigController,
        EventsController,
        OperationsController,
        MetricsController,
      ],
      providers: [
        { provide: ConsoleConfig, useValue: config },
        ReadinessRegistry,
        tracingProvider(config, 'console'),
        EventsService,
        EventStreams,
        PartnerDirectory,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
