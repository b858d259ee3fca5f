import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('catalogue_items')
export class CatalogueItemEntity {
  @PrimaryColumn({ type: 'varchar' })
  code: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ type: 'varchar' })
  category: string;

  @Column({ type: 'varchar', nullable: true })
  description: string | null;
}
