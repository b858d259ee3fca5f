import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { KitCitation, KitEntry, KitVersion } from './kit-composition';

/** One published composition of a kit: append-only (never updated, never deleted). */
@Entity('catalogue_kit_versions')
export class KitVersionEntity {
  @PrimaryColumn({ name: 'item_code', type: 'varchar' })
  itemCode: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  contents: KitEntry[];

  @Column({ type: 'varchar', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', nullable: true })
  citation: KitCitation | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'varchar' })
  publishedBy: string;
}

export function toKitVersion(row: KitVersionEntity): KitVersion {
  return {
    itemCode: row.itemCode,
    version: row.version,
    contents: row.contents,
    note: row.note,
    citation: row.citation,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
  };
}
