import { type LoggerService } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { type DataSource } from 'typeorm';
import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { OUTBOX_NOTIFY_CHANNEL } from '../migrations/1600000000000-messaging-outbox.migration';
import { backoffDelay, type BackoffPolicy } from '../retry/backoff';

/**
 * Holds a dedicated connection LISTENing on a PostgreSQL channel (a pooled one could be handed to
 * someone else) and calls `onNotify` for each notification, and once after every (re)connect in
 * case one was missed while it was down. Reconnects with backoff until stopped.
 *
 * A worker that polls a table can wake on it instead of waiting for its next poll: whoever adds
 * work runs `SELECT pg_notify('<channel>', '')` in the same transaction, and PostgreSQL delivers
 * the notification when (and only if) that transaction commits.
 */
export class NotifyListener {
  private client?: Client;
  private stopped = true;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: LoggerService,
    private readonly backoff: BackoffPolicy,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  isListening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let client: Client;
    try {
      client = new Client(await clientConfig(this.dataSource, this.channel));
    } catch (error) {
      this.logger.error(`LISTEN ${this.channel}: client cannot be configured: ${String(error)}`);
      return;
    }
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.onNotify();
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client && this.client !== client) return; // an old client's late event
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.failures += 1;
    const delay = backoffDelay(this.failures, this.backoff);
    this.logger.warn(
      `LISTEN ${this.channel}: connection lost (${error instanceof Error ? error.message : 'ended'}); ` +
        `reconnecting in ${delay} ms, polling meanwhile`,
    );
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }
}

/** Connection settings of the service's DataSource, for a client outside its pool. */
async function clientConfig(dataSource: DataSource, channel: string): Promise<ClientConfig> {
  const options = dataSource.options as PostgresConnectionOptions;
  const password =
    typeof options.password === 'function' ? await options.password() : options.password;
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password,
    database: options.database,
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: `listen-${channel}`.slice(0, 63),
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  };
}

/** The outbox relay's listener, woken by the trigger on `outbox_events` (see its migration). */
export class OutboxListener extends NotifyListener {
  constructor(
    dataSource: DataSource,
    onNotify: () => void,
    logger: LoggerService,
    backoff: BackoffPolicy,
  ) {
    super(dataSource, OUTBOX_NOTIFY_CHANNEL, onNotify, logger, backoff);
  }
}
