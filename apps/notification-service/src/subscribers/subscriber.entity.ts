import type { NotificationChannel, Severity } from '@relief/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from './subscriber';

@Entity('subscribers')
export class SubscriberEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The importer's own id of this person (see subscriber-import.ts); null if never given. */
  @Column({ type: 'varchar', nullable: true })
  reference: string | null;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  organisation: string;

  @Column({ type: 'varchar', nullable: true })
  email: string | null;

  @Column({ type: 'varchar', nullable: true })
  phone: string | null;

  @Column({ type: 'varchar' })
  language: Language;

  @Column({ type: 'text', array: true })
  channels: NotificationChannel[];

  /** Hears of exercises and tests (drills) too; real incidents only when false (the default). */
  @Column({ name: 'receive_exercises', type: 'boolean', default: false })
  receiveExercises: boolean;

  @Column({ name: 'user_id', type: 'varchar', nullable: true })
  userId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'subscriber_id', type: 'uuid' })
  subscriberId: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: string[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'text', array: true })
  hazards: string[];

  /** Empty: about any incident. */
  @Column({ name: 'incident_ids', type: 'uuid', array: true, default: () => "'{}'" })
  incidentIds: string[];

  /** Empty: about any catalogue item (or none). */
  @Column({ name: 'item_codes', type: 'text', array: true, default: () => "'{}'" })
  itemCodes: string[];

  @Column({ name: 'min_severity', type: 'varchar', nullable: true })
  minSeverity: Severity | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
