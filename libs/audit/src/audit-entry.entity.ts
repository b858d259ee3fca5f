import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One state change, as libs/audit records it. Written with plain SQL (AuditTrail, AuditSealer);
 * the entity documents the table and lets TypeORM know it. Never updated nor deleted (a trigger
 * refuses both) except that the sealer sets chain_seq, prev_hash and hash once.
 */
@Entity('audit_entries')
@Index('audit_entries_object', ['objectId', 'id'])
@Index('audit_entries_unsealed', ['tx', 'id'], { where: 'hash IS NULL' })
@Index('audit_entries_event', ['eventId'], { where: 'event_id IS NOT NULL' })
@Check(
  'audit_entries_sealed_whole',
  '(chain_seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL)',
)
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject: string;

  @Column({ name: 'actor_organisation', type: 'text', nullable: true })
  actorOrganisation: string | null;

  @Column({ name: 'actor_roles', type: 'text', array: true, default: () => "'{}'" })
  actorRoles: string[];

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  /** The event being handled when the change was made: a cascade's cause. */
  @Column({ name: 'causation_id', type: 'text', nullable: true })
  causationId: string | null;

  /** The id of the event this entry records; null for a change that is no event. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @Column({ name: 'object_type', type: 'text' })
  objectType: string;

  @Column({ name: 'object_id', type: 'text' })
  objectId: string;

  /** The event type (`request.quantity-changed`) or `<object>.<verb>` (`subscriber.updated`). */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;

  /** The writing transaction's id (xid8 as bigint): the sealer chains rows in (tx, id) order. */
  @Column({
    type: 'bigint',
    default: () => 'audit_current_tx()',
    insert: false,
    update: false,
  })
  tx: string;

  @Column({ name: 'chain_seq', type: 'bigint', nullable: true, unique: true })
  chainSeq: string | null;

  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text', nullable: true })
  hash: string | null;
}
