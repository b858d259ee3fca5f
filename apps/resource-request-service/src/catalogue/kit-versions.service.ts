import { Injectable } from '@nestjs/common';
import { EventTypes, type DomainEvent } from '@relief/contracts';
import { OutboxService } from '@relief/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogueItemEntity } from './catalogue-item.entity';
import { CatalogueException } from './catalogue.exception';
import {
  diffKitVersions,
  publishKitVersion,
  type KitDiff,
  type KitVersion,
  type NewKitVersion,
} from './kit-composition';
import { KitVersionEntity, toKitVersion } from './kit-version.entity';

/**
 * Kit compositions: any catalogue item may get one, which makes it a kit. Each publication is a
 * new version (never an edit), saved with its event in one transaction.
 */
@Injectable()
export class KitVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async publish(itemCode: string, input: NewKitVersion, actor: string): Promise<KitVersion> {
    return this.dataSource.transaction(async (manager) => {
      // FOR UPDATE on the item: two publications of one kit are numbered one after the other.
      const item = await manager.findOne(CatalogueItemEntity, {
        where: { code: itemCode },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) throw unknownItem(itemCode);
      const latest = await this.latestVersion(manager, itemCode);
      const version = publishKitVersion(itemCode, latest, input, { by: actor, now: new Date() });
      await manager.insert(KitVersionEntity, { ...version });
      await this.outbox.appendAll(manager, [publishedEvent(version, item.name)]);
      return version;
    });
  }

  async list(itemCode: string): Promise<KitVersion[]> {
    await this.assertItem(itemCode);
    const rows = await this.dataSource.manager.find(KitVersionEntity, {
      where: { itemCode },
      order: { version: 'ASC' },
    });
    return rows.map(toKitVersion);
  }

  async get(itemCode: string, version: number): Promise<KitVersion> {
    await this.assertItem(itemCode);
    const row = await this.dataSource.manager.findOneBy(KitVersionEntity, { itemCode, version });
    if (!row) {
      throw new CatalogueException(
        'not-found',
        'kit_version_not_found',
        `${itemCode} has no version ${version}`,
        { itemCode, version },
      );
    }
    return toKitVersion(row);
  }

  async diff(itemCode: string, from: number, to: number): Promise<KitDiff> {
    return diffKitVersions(await this.get(itemCode, from), await this.get(itemCode, to));
  }

  /**
   * The version a new request for `itemCode` refers to: the one named (it must exist: 400 on
   * `field` otherwise), else the kit's latest; null for an item without a composition.
   */
  async versionForRequest(
    manager: EntityManager,
    itemCode: string,
    named: number | undefined,
    field: string,
  ): Promise<number | null> {
    if (named === undefined) return this.latestVersion(manager, itemCode);
    const exists = await manager.existsBy(KitVersionEntity, { itemCode, version: named });
    if (!exists) {
      throw CatalogueException.invalidField(
        'unknown_kit_version',
        field,
        `must be a published version of ${itemCode} (GET /catalogue/items/${itemCode}/versions)`,
        `${itemCode} has no version ${named}`,
      );
    }
    return named;
  }

  private async latestVersion(manager: EntityManager, itemCode: string): Promise<number | null> {
    const row = await manager
      .createQueryBuilder(KitVersionEntity, 'v')
      .select('MAX(v.version)', 'latest')
      .where('v.item_code = :itemCode', { itemCode })
      .getRawOne<{ latest: number | null }>();
    return row?.latest ?? null;
  }

  private async assertItem(itemCode: string): Promise<void> {
    const exists = await this.dataSource.manager.existsBy(CatalogueItemEntity, { code: itemCode });
    if (!exists) throw unknownItem(itemCode);
  }
}

function unknownItem(itemCode: string): CatalogueException {
  return new CatalogueException(
    'not-found',
    'item_not_found',
    `${itemCode} is not in the catalogue (GET /catalogue)`,
    { itemCode },
  );
}

function publishedEvent(version: KitVersion, itemName: string): DomainEvent {
  return {
    type: EventTypes.CatalogueKitVersionPublished,
    version: 1,
    aggregateId: version.itemCode,
    payload: {
      itemCode: version.itemCode,
      itemName,
      version: version.version,
      contents: version.contents.map((entry) => ({ ...entry })),
      note: version.note,
      citation: version.citation ? { ...version.citation } : null,
      publishedAt: version.publishedAt.toISOString(),
      publishedBy: version.publishedBy,
    },
  };
}
