import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@relief/audit';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { newRegion, type NewRegion } from './region';
import { RegionEntity } from './region.entity';
import { RegionException } from './region.exception';

/** The regions reference data: read by everyone, extended by admins. */
@Injectable()
export class RegionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  list(country?: string): Promise<RegionEntity[]> {
    return this.dataSource.getRepository(RegionEntity).find({
      where: country ? { country } : {},
      order: { country: 'ASC', code: 'ASC' },
    });
  }

  /** Inside a transaction, pass its manager so the lookup sees the same snapshot. */
  find(
    code: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RegionEntity | null> {
    return manager.findOneBy(RegionEntity, { code });
  }

  async add(input: NewRegion, actor: string): Promise<RegionEntity> {
    const region = newRegion(input);
    const row = Object.assign(new RegionEntity(), { ...region, createdBy: actor });
    try {
      // Reference data emits no event: the audit trail records the admin's addition.
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(RegionEntity, row);
        await this.audit.record(manager, {
          objectType: 'region',
          objectId: region.code,
          action: 'region.added',
          changes: { before: null, after: region },
        });
      });
    } catch (error) {
      throw translateUniqueViolation(error, region.code, region.referenceCode);
    }
    const added = await this.find(region.code);
    if (!added) throw new Error(`region ${region.code} was inserted but cannot be read back`);
    return added;
  }
}

function translateUniqueViolation(error: unknown, code: string, referenceCode: string): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code: sqlState, constraint } = error.driverError as {
    code?: string;
    constraint?: string;
  };
  if (sqlState !== '23505') return error;
  return constraint === 'regions_reference_code_unique'
    ? RegionException.invalidField(
        'reference_code_taken',
        'referenceCode',
        `another region of ${code.slice(0, 2)} already uses reference code ${referenceCode}`,
        undefined,
        { kind: 'conflict' },
      )
    : RegionException.invalidField(
        'region_exists',
        'code',
        `region ${code} already exists`,
        undefined,
        { kind: 'conflict' },
      );
}
