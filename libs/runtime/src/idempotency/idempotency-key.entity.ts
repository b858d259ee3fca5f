import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One Idempotency-Key of one caller on one route: the fingerprint of the first request, and its
 * answer once there is one. Written with plain SQL by IdempotencyStore; pruned after
 * IDEMPOTENCY_RETENTION_HOURS. Schema: migrations/1600000000100-idempotency-keys.migration.ts
 * (never synchronize).
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  /** `sub@org` of the verified token, or `anonymous` on a public route. */
  @PrimaryColumn({ type: 'text' })
  caller: string;

  @PrimaryColumn({ type: 'text' })
  method: string;

  /** The route's template, e.g. `/offers/:id/accept`. */
  @PrimaryColumn({ type: 'text' })
  route: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** SHA-256 of method, path, query and canonical body (fingerprintOf). */
  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ type: 'text' })
  state: 'in_progress' | 'completed';

  @Column({ type: 'int', nullable: true })
  status: number | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  headers: Record<string, string>;

  /** The answer's JSON text as sent (text, not jsonb, so a replay keeps its key order). */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
