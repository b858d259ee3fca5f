import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from '@relief/audit';
import { AuthModule } from '@relief/auth';
import { ServiceConfig } from '@relief/config';
import { DatabaseModule } from '@relief/database';
import { kafkaSecurity, MessagingModule, type MessagingOptions } from '@relief/messaging';
import { loggerParams, ReadinessRegistry, tracingProvider } from '@relief/observability';
import { LoggerModule } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor, IdempotencyPruner, IdempotencyStore } from './idempotency';
import { MessagingReadiness } from './messaging-readiness';
import { MetricsController } from './metrics.controller';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface ServiceCoreOptions<C extends ServiceConfig> {
  /** e.g. `incident-service`: names logs, metrics, the event producer. */
  service: string;
  config: C;
  /** The service's own config class, so its modules can inject the typed config. */
  configClass: new () => C;
  /**
   * With idempotencyEntities and idempotencyMigrations (every POST takes an Idempotency-Key) and
   * auditEntities and auditMigrations (the audit trail).
   */
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  /** Tuning of the Kafka side (consumer retries, relay batch ...) beyond what config gives. */
  messaging?: Partial<Omit<MessagingOptions, 'serviceName' | 'brokers' | 'clientId'>>;
}

/**
 * Everything a service has that is not its domain: config, logs, database, Kafka (outbox and
 * consumer), auth, health, metrics, errors and idempotent POSTs (Idempotency-Key). Each app
 * imports it once and adds its domain modules.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot<C extends ServiceConfig>(options: ServiceCoreOptions<C>): DynamicModule {
    const { config } = options;
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        LoggerModule.forRoot(
          loggerParams({
            service: options.service,
            level: config.LOG_LEVEL,
            format: config.LOG_FORMAT,
          }),
        ),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          entities: options.entities,
          migrations: options.migrations,
        }),
        AuthModule.forRoot({
          jwksUrl: config.AUTH_JWKS_URL,
          publicKeyFile: config.AUTH_PUBLIC_KEY_FILE,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
          maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_S,
        }),
        // The audit trail (OutboxService records every event in it) and GET /admin/audit.
        AuditModule.forRoot({
          serviceName: options.service,
          sealIntervalMs: config.AUDIT_SEAL_INTERVAL_MS,
        }),
        TerminusModule.forRoot({ logger: false }),
        // Body parsing looks up the @BulkBody endpoints before routing (bulkBodyRoutes).
        DiscoveryModule,
        // Outbox relay, idempotent consumer and the admins' dead-letter endpoints.
        MessagingModule.forRoot(
          {
            serviceName: options.service,
            brokers: config.KAFKA_BROKERS,
            security: kafkaSecurity(config),
            clientId: config.KAFKA_CLIENT_ID,
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
            topicPartitions: config.KAFKA_TOPIC_PARTITIONS,
            ...options.messaging,
            consumer: {
              sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
              heartbeatInterval: config.KAFKA_HEARTBEAT_INTERVAL_MS,
              ...options.messaging?.consumer,
            },
          },
          { deadLetterAdmin: true },
        ),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        ReadinessRegistry,
        MessagingReadiness,
        { provide: options.configClass, useValue: config },
        { provide: ServiceConfig, useValue: config },
        tracingProvider(config, options.service),
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        IdempotencyStore,
        IdempotencyPruner,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [ReadinessRegistry, options.configClass, ServiceConfig],
    };
  }
}
