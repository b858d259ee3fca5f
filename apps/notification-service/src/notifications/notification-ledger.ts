import { Injectable } from '@nestjs/common';
import type { NotificationChannel } from '@relief/contracts';
import { serviceInstanceId, traceHeaders } from '@relief/observability';
import { DataSource, type EntityManager } from 'typeorm';
import type { Outcome } from '../delivery/delivery-policy';
import type { Audience } from '../matching/recipient-query';
import { NotificationServiceConfig } from '../notification-service.config';
import { signUnsubscribeToken } from '../subscribers/unsubscribe-token';
import { NotificationEntity } from './notification.entity';
import { FINAL_RECEIPT_STATUSES, type NotificationPart, type ReceiptStatus } from './receipts';

/**
 * `plan` notifies (`SELECT pg_notify(...)` in the consumer's transaction) when it adds
 * notifications, so the delivery worker sends them at once instead of at its next poll.
 */
export const NOTIFICATIONS_DUE_CHANNEL = 'notifications_due';

/**
 * Stands for the subscriber's own unsubscribe token in an email rendered once for everyone who
 * reads that language; the ledger puts the signed token in when it hands the email over. Plain
 * word characters, so HTML escaping leaves it as it is.
 */
export const UNSUBSCRIBE_TOKEN_SLOT = '__unsubscribe_token__';

/** The ledger's event type of the SMS that confirms a STOP: the one text a stopped number gets. */
export const STOP_CONFIRMATION_EVENT_TYPE = 'feedback.stop-confirmed';
/** The ledger's event type of the acknowledgement of an inbound message (and of a START). */
export const FEEDBACK_ACK_EVENT_TYPE = 'feedback.acknowledged';
/** `last_error` of an SMS not sent because its number sent STOP. */
export const STOPPED_NUMBER_ERROR = 'not sent: the number asked to receive no more messages (STOP)';

/** One SMS to a number that is not (necessarily) a subscriber: an inbound message's answer. */
export interface DirectSms {
  /** What it answers (the feedback id): with the channel, at most one row per id. */
  eventId: string;
  eventType: string;
  to: string;
  language: string;
  text: string;
}

/** An event's message in one language, channel and audience, shared by every row that sends it. */
export interface PlannedMessage {
  language: string;
  channel: NotificationChannel;
  audience: Audience;
  subject: string | null;
  text: string;
  html: string | null;
}

/** A row claimed for sending: what the provider needs and the notification.* event names. */
export interface ClaimedNotification {
  id: string;
  event_id: string;
  event_type: string;
  subscriber_id: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  attempts: number;
  /** When the row was planned: the start of the time to hand-over. */
  created_at: Date;
  /** The planning span's W3C traceparent: the send continues its trace. */
  traceparent: string | null;
}

/** A send's outcome for `recordAll`, with the provider that carried it and its parts. */
export interface RecordedOutcome {
  id: string;
  outcome: Outcome;
  provider: string | null;
  /** The parts the provider took (sent rows only), in order. */
  parts?: { providerMessageId: string; submittedAt: Date }[];
}

/** A receipt for one part, named as the provider that carried it named itself. */
export interface PartReceiptReport {
  provider: string;
  providerMessageId: string;
  status: ReceiptStatus;
  errorCode: string | null;
  /** When the provider says it happened; null: now. */
  at: Date | null;
}

/** A claimed row's columns, its body from the row (older rows) or from its event's message. */
const MESSAGE_COLUMNS = `n.id, n.event_id, n.event_type, n.subscriber_id, n.channel, n.recipient,
  n.traceparent,
  COALESCE(n.subject, m.subject) AS subject, COALESCE(n.body_text, m.body_text) AS body_text,
  COALESCE(n.body_html, m.body_html) AS body_html`;
const MESSAGE_JOIN = `LEFT JOIN notification_messages m
  ON m.event_id = n.event_id AND m.language = n.language AND m.channel = n.channel
 AND m.audience = n.audience`;

/**
 * The notification ledger: one row per (event, subscriber, channel). Every read and write of
 * the `notifications` table is here: the planner adds rows, the delivery worker claims and
 * records them, the API lists them and marks them for a resend.
 */
@Injectable()
export class NotificationLedger {
  /** This process, as `claimed_by` names it (what the worker claims, it alone records). */
  private readonly instance = serviceInstanceId();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: NotificationServiceConfig,
  ) {}

  /**
   * In the consumer's transaction: one ledger row per (subscriber, channel) that `recipients`
   * selects (a condition over `subscribers s` and `c.channel`, and each row's audience: see
   * recipient-query.ts), written by the database in one INSERT ... SELECT, so planning 100,000
   * recipients costs one statement and no memory here. Then `render` is called once for each
   * language, channel and audience that got rows, and those messages are stored once. Rows and
   * messages commit with the inbox row; a redelivered event adds nothing (`notifications_once`).
   * Returns the number of rows added.
   */
  async plan(
    manager: EntityManager,
    event: { id: string; type: string },
    recipients: { sql: string; audience: string; params: unknown[] },
    render: (language: string, channel: NotificationChannel, audience: Audience) => PlannedMessage,
  ): Promise<number> {
    const added = await manager.query<
      { language: string; channel: NotificationChannel; audience: Audience; n: string }[]
    >(
      `WITH added AS (
         INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
                                    language, audience, status, attempts, next_attempt_at,
                                    created_at, updated_at, traceparent)
         SELECT gen_random_uuid(), $1, $2, s.id, c.channel,
                CASE c.channel WHEN 'email' THEN s.email ELSE s.phone END, s.language,
                ${recipients.audience}, 'pending', 0, now(), now(), now(),
                $${3 + recipients.params.length}::varchar
           FROM subscribers s CROSS JOIN LATERAL unnest(s.channels) AS c(channel)
          WHERE ${recipients.sql}
         ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING
         RETURNING language, channel, audience)
       SELECT language, channel, audience, count(*) AS n FROM added
        GROUP BY language, channel, audience`,
      [event.id, event.type, ...recipients.params, plannedTraceparent()],
    );
    if (added.length === 0) return 0;
    const messages = added.map((a) => render(a.language, a.channel, a.audience));
    await manager.query(
      `INSERT INTO notification_messages (event_id, language, channel, audience, subject, body_text,
                                          body_html)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT DO NOTHING`,
      [
        event.id,
        messages.map((m) => m.language),
        messages.map((m) => m.channel),
        messages.map((m) => m.audience),
        messages.map((m) => m.subject),
        messages.map((m) => m.text),
        messages.map((m) => m.html),
      ],
    );
    // Wakes the delivery worker when this transaction commits (not before: rows it cannot see yet).
    await manager.query('SELECT pg_notify($1, $2)', [NOTIFICATIONS_DUE_CHANNEL, '']);
    return added.reduce((sum, a) => sum + Number(a.n), 0);
  }

  /**
   * In the caller's transaction: one SMS row for `sms.to`, planned like any other and sent by the
   * worker. The row names the feedback id as event and subscriber (the sender need not be one),
   * so `notifications_once` keeps it to at most one per inbound message.
   */
  async planDirectSms(manager: EntityManager, sms: DirectSms): Promise<boolean> {
    const added = await manager.query<{ id: string }[]>(
      `INSERT INTO notifications (id, event_id, event_type, subscriber_id, channel, recipient,
                                  language, body_text, status, attempts, next_attempt_at,
                                  created_at, updated_at, traceparent)
       VALUES (gen_random_uuid(), $1, $2, $1, 'sms', $3, $4, $5, 'pending', 0, now(), now(), now(), $6)
       ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING
       RETURNING id`,
      [sms.eventId, sms.eventType, sms.to, sms.language, sms.text, plannedTraceparent()],
    );
    if (added.length > 0) {
      await manager.query('SELECT pg_notify($1, $2)', [NOTIFICATIONS_DUE_CHANNEL, '']);
    }
    return added.length > 0;
  }

  /**
   * Marks up to `limit` due rows of `channel` `sending` under a lease, claimed by this instance
   * (replicas skip each other's rows), and returns them with their message, the email's
   * unsubscribe link made the recipient's.
   */
  async claim(
    channel: NotificationChannel,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedNotification[]> {
    if (limit <= 0) return [];
    // An SMS to a number that sent STOP since it was planned ends `failed` instead of being sent
    // (only the confirmation of that STOP still goes).
    const rows = await this.dataSource.query<ClaimedNotification[]>(
      `WITH due AS (
         SELECT d.id, (d.channel = 'sms' AND d.event_type <> $4 AND EXISTS (
                  SELECT 1 FROM sms_suppressions z WHERE z.phone = d.recipient)) AS stopped
           FROM notifications d
          WHERE d.status = 'pending' AND d.channel = $1 AND d.next_attempt_at <= now()
          ORDER BY d.next_attempt_at LIMIT $2
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE notifications u
            SET status = CASE WHEN due.stopped THEN 'failed' ELSE 'sending' END,
                last_error = CASE WHEN due.stopped THEN $5 ELSE u.last_error END,
                attempts = u.attempts + 1, updated_at = now(), claimed_by = $6,
                lease_until = CASE WHEN due.stopped THEN NULL
                              ELSE now() + make_interval(secs => $3::double precision / 1000) END
           FROM due WHERE u.id = due.id
          RETURNING u.*)
       SELECT ${MESSAGE_COLUMNS}, n.attempts, n.created_at
         FROM claimed n ${MESSAGE_JOIN} WHERE n.status = 'sending'`,
      [channel, limit, leaseMs, STOP_CONFIRMATION_EVENT_TYPE, STOPPED_NUMBER_ERROR, this.instance],
    );
    return rows.map((row) => this.personalised(row));
  }

  /**
   * Records the outcomes of a batch of sends and the parts of the sent ones in one statement;
   * skips rows whose lease expired (and their parts): rows no longer `sending`, or claimed again
   * since by another instance (a late record must not overwrite that instance's attempt). A part
   * a receipt already announced (it came before this record) keeps its status and gets its
   * notification.
   */
  async recordAll(manager: EntityManager, outcomes: RecordedOutcome[]): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const parts = partsOf(outcomes);
    const rows = await manager.query<{ id: string }[]>(
      `WITH recorded AS (
       UPDATE notifications n
          SET status = u.status,
              provider_message_id = COALESCE(u.provider_message_id, n.provider_message_id),
              provider = COALESCE(u.provider, n.provider),
              last_error = COALESCE(u.error, n.last_error),
              next_attempt_at = COALESCE(u.next_attempt_at, n.next_attempt_at),
              lease_until = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
              AS u(id, status, provider_message_id, provider, error, next_attempt_at)
        WHERE n.id = u.id AND n.status = 'sending' AND n.claimed_by = $12
        RETURNING n.id, n.attempts),
       parts AS (
       INSERT INTO notification_parts AS p
              (provider, provider_message_id, notification_id, attempt, part, submitted_at)
       SELECT s.provider, s.provider_message_id, s.notification_id, r.attempts, s.part, s.submitted_at
         FROM unnest($7::uuid[], $8::text[], $9::text[], $10::int[], $11::timestamptz[])
              AS s(notification_id, provider, provider_message_id, part, submitted_at)
         JOIN recorded r ON r.id = s.notification_id
       ON CONFLICT (provider, provider_message_id) DO UPDATE
          SET notification_id = EXCLUDED.notification_id, attempt = EXCLUDED.attempt,
              part = EXCLUDED.part, submitted_at = EXCLUDED.submitted_at)
       SELECT id FROM recorded`,
      [
        outcomes.map((o) => o.id),
        outcomes.map((o) => o.outcome.status),
        outcomes.map((o) => (o.outcome.status === 'sent' ? o.outcome.providerMessageId : null)),
        outcomes.map((o) => o.provider),
        outcomes.map((o) => (o.outcome.status === 'sent' ? null : o.outcome.error)),
        outcomes.map((o) => (o.outcome.status === 'pending' ? o.outcome.nextAttemptAt : null)),
        parts.map((p) => p.notificationId),
        parts.map((p) => p.provider),
        parts.map((p) => p.providerMessageId),
        parts.map((p) => p.part),
        parts.map((p) => p.submittedAt),
        this.instance,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Rows left `sending` past their lease (a crash): email again, SMS in doubt (`unknown`). */
  async recoverExpiredLeases(channel: NotificationChannel): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications
          SET status = CASE channel WHEN 'email' THEN 'pending' ELSE 'unknown' END,
              last_error = CASE channel WHEN 'email' THEN last_error
                           ELSE 'in doubt: the worker stopped between sending and recording' END,
              next_attempt_at = now(), lease_until = NULL, updated_at = now()
        WHERE status = 'sending' AND channel = $1 AND lease_until < now()`,
      [channel],
    );
  }

  /**
   * A part's receipt, in one statement. It may come before the worker recorded the batch (the
   * row is made here and the record fills in its notification). A final state is not replaced
   * by a later intermediate one (receipts can overtake each other).
   */
  async recordReceipt(receipt: PartReceiptReport): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_parts AS p
              (provider, provider_message_id, status, error_code, status_at, receipt_at)
       VALUES ($1, $2, $3, $4, COALESCE($5, now()), now())
       ON CONFLICT (provider, provider_message_id) DO UPDATE
          SET status = EXCLUDED.status, error_code = EXCLUDED.error_code,
              status_at = EXCLUDED.status_at, receipt_at = EXCLUDED.receipt_at
        WHERE NOT (p.status = ANY ($6::text[]) AND NOT EXCLUDED.status = ANY ($6::text[]))`,
      [
        receipt.provider.slice(0, 100),
        receipt.providerMessageId.slice(0, 200),
        receipt.status,
        receipt.errorCode?.slice(0, 50) ?? null,
        receipt.at,
        FINAL_RECEIPT_STATUSES,
      ],
    );
  }

  /** The parts of each row's latest attempt, in order (email: one; none before this change). */
  async partsOf(ids: string[]): Promise<Map<string, NotificationPart[]>> {
    const rows = await this.dataSource.query<
      {
        notification_id: string;
        part: number;
        provider: string;
        provider_message_id: string;
        submitted_at: Date | null;
        status: ReceiptStatus;
        error_code: string | null;
        status_at: Date | null;
      }[]
    >(
      `SELECT p.notification_id, p.part, p.provider, p.provider_message_id, p.submitted_at,
              p.status, p.error_code, p.status_at
         FROM notification_parts p
        WHERE p.notification_id = ANY ($1::uuid[])
          AND p.attempt = (SELECT max(attempt) FROM notification_parts l
                            WHERE l.notification_id = p.notification_id)
        ORDER BY p.notification_id, p.part`,
      [ids],
    );
    const byRow = new Map<string, NotificationPart[]>();
    for (const r of rows) {
      const parts = byRow.get(r.notification_id) ?? [];
      parts.push({
        part: r.part,
        provider: r.provider,
        providerMessageId: r.provider_message_id,
        submittedAt: r.submitted_at,
        status: r.status,
        errorCode: r.error_code,
        statusAt: r.status_at,
      });
      byRow.set(r.notification_id, parts);
    }
    return byRow;
  }

  /** Newest first, each row with its message (as sent: the email's own unsubscribe link). */
  async list(
    where: Partial<Pick<NotificationEntity, 'eventId' | 'subscriberId' | 'channel' | 'status'>>,
    limit: number,
  ): Promise<NotificationEntity[]> {
    const rows = await this.dataSource.manager.find(NotificationEntity, {
      where,
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return this.withParts(await this.withMessages(rows));
  }

  async find(id: string): Promise<NotificationEntity | undefined> {
    const row = await this.dataSource.manager.findOneBy(NotificationEntity, { id });
    return row ? (await this.withParts(await this.withMessages([row])))[0] : undefined;
  }

  private async withParts(rows: NotificationEntity[]): Promise<NotificationEntity[]> {
    if (rows.length === 0) return rows;
    const parts = await this.partsOf(rows.map((r) => r.id));
    for (const row of rows) row.parts = parts.get(row.id) ?? [];
    return rows;
  }

  /** Rows planned since the fan-out change hold no body: theirs is their event's message. */
  private async withMessages(rows: NotificationEntity[]): Promise<NotificationEntity[]> {
    const bare = rows.filter((r) => r.bodyText === null);
    if (bare.length === 0) return rows;
    const messages = await this.dataSource.query<
      {
        event_id: string;
        language: string;
        channel: string;
        audience: string;
        subject: string | null;
        body_text: string;
        body_html: string | null;
      }[]
    >(
      `SELECT event_id, language, channel, audience, subject, body_text, body_html
         FROM notification_messages
        WHERE event_id = ANY ($1::uuid[])`,
      [[...new Set(bare.map((r) => r.eventId))]],
    );
    const key = (m: { eventId: string; language: string; channel: string; audience: string }) =>
      `${m.eventId}/${m.language}/${m.channel}/${m.audience}`;
    const byKey = new Map(messages.map((m) => [key({ ...m, eventId: m.event_id }), m]));
    for (const row of bare) {
      const m = byKey.get(key(row));
      if (!m) continue;
      const token = this.tokenOf(row.subscriberId);
      row.subject = m.subject;
      row.bodyText = m.body_text.replaceAll(UNSUBSCRIBE_TOKEN_SLOT, token);
      row.bodyHtml = m.body_html?.replaceAll(UNSUBSCRIBE_TOKEN_SLOT, token) ?? null;
    }
    return rows;
  }

  private personalised(row: ClaimedNotification): ClaimedNotification {
    if (row.channel !== 'email') return row;
    const token = this.tokenOf(row.subscriber_id);
    return {
      ...row,
      body_text: row.body_text.replaceAll(UNSUBSCRIBE_TOKEN_SLOT, token),
      body_html: row.body_html?.replaceAll(UNSUBSCRIBE_TOKEN_SLOT, token) ?? null,
    };
  }

  private tokenOf(subscriberId: string): string {
    return signUnsubscribeToken(subscriberId, this.config.UNSUBSCRIBE_SECRET);
  }

  /** A `failed` or `unknown` row back to `pending` with a fresh attempt budget; false otherwise. */
  /** The status the row had when it was marked, or undefined when it could not be. */
  async markForResend(manager: EntityManager, id: string): Promise<string | undefined> {
    const [rows] = await manager.query<[{ id: string; before: string }[], number]>(
      `UPDATE notifications n SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
           FROM (SELECT id, status FROM notifications WHERE id = $1 FOR UPDATE) old
          WHERE n.id = old.id AND old.status IN ('failed', 'unknown')
          RETURNING n.id, old.status AS before`,
      [id],
    );
    return rows[0]?.before;
  }
}

/**
 * The parts of the sent outcomes, numbered from 1, each id once: a gateway that gave two parts
 * the same id must not fail the whole batch's record (ON CONFLICT may touch a row only once).
 */
function partsOf(outcomes: RecordedOutcome[]): {
  notificationId: string;
  provider: string;
  providerMessageId: string;
  part: number;
  submittedAt: Date;
}[] {
  const seen = new Set<string>();
  return outcomes.flatMap(({ id, outcome, provider, parts }) => {
    if (outcome.status !== 'sent') return [];
    const taken = parts ?? [
      { providerMessageId: outcome.providerMessageId, submittedAt: new Date() },
    ];
    return taken.flatMap((p, i) => {
      const key = `${provider ?? ''}\u0000${p.providerMessageId}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          notificationId: id,
          provider: (provider ?? 'unknown').slice(0, 100),
          providerMessageId: p.providerMessageId.slice(0, 200),
          part: i + 1,
          submittedAt: p.submittedAt,
        },
      ];
    });
  });
}

/** The active span's traceparent (the consumer's or the request's that plans), stored per row. */
function plannedTraceparent(): string | null {
  return traceHeaders().traceparent ?? null;
}
