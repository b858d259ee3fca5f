import {
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { KafkaEventServer } from './consumer/kafka-event.server';
import { DeadLetterPublisher } from './dead-letters/dead-letter.publisher';
import { DeadLetterService } from './dead-letters/dead-letter.service';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { MessagingHealth } from './health/messaging-health.service';
import { KafkaClient } from './kafka/kafka-client.service';
import {
  MESSAGING_OPTIONS,
  resolveMessagingOptions,
  type MessagingOptions,
} from './messaging.options';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxService } from './outbox/outbox.service';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  /** Registers DeadLettersController (GET /admin/dead-letters, POST .../replay). Default false. */
  deadLetterAdmin?: boolean;
}

/**
 * Outbox, relay, Kafka consumer, dead letters and health for one service. Global: feature
 * modules inject OutboxService without importing anything. Needs TypeOrmModule.forRoot(...)
 * (it injects the default DataSource), whose migrations include `messagingMigrations`.
 */
@Module({})
export class MessagingModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly server: KafkaEventServer,
    private readonly relay: OutboxRelay,
    private readonly kafka: KafkaClient,
  ) {}

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      controllers: options.deadLetterAdmin ? [DeadLettersController] : [],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          useFactory: async (...args: never[]) =>
            resolveMessagingOptions(await options.useFactory(...args)),
          inject: options.inject ?? [],
        },
        KafkaClient,
        OutboxService,
        OutboxRelay,
        DeadLetterPublisher,
        DeadLetterService,
        KafkaEventServer,
        MessagingHealth,
      ],
      exports: [
        MESSAGING_OPTIONS,
        OutboxService,
        OutboxRelay,
        KafkaEventServer,
        MessagingHealth,
        DeadLetterService,
      ],
    };
  }

  static forRoot(
    options: MessagingOptions,
    extras: Pick<MessagingModuleAsyncOptions, 'deadLetterAdmin'> = {},
  ): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options, ...extras });
  }

  /**
   * Nest closes connected microservices only after this hook; stopping the consumer here first
   * lets the relay's final flush publish what the last handlers appended, while the DataSource
   * is still open (TypeORM closes it in onApplicationShutdown).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.server.close();
    await this.relay.stop({ flush: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.disconnect();
  }
}
