import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Table `regions`: ISO 3166-2 subdivisions incidents may be filed in (seeded with Kazakhstan). */
@Entity({ name: 'regions' })
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 50 })
  category: string;

  @Column({ name: 'reference_code', type: 'varchar', length: 3 })
  referenceCode: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;
}
