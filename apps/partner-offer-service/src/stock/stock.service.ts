import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '@relief/auth';
import { regionDistanceKm, type StockMovementKind } from '@relief/contracts';
import { OutboxService } from '@relief/messaging';
import { decodeCursor, keysetPage, type KeysetPage } from '@relief/database';
import { DataSource, type EntityManager } from 'typeorm';
import { OfferException } from '../offers/offer.exception';
import type { OfferProps } from '../offers/offer';
import { PartnerOfferServiceConfig } from '../partner-offer-service.config';
import { PartnersService } from '../partners/partners.service';
import { actsFor } from '../partners/partner';
import { RequestViewsService } from '../requests/request-views.service';
import { stockMovementOf } from './offer-stock';
import { toStockEvent } from './stock-events';
import { StockException } from './stock.exception';
import {
  assertMovementReason,
  MAX_ON_HAND,
  MOVEMENT_RULES,
  ownerCodeOf,
  Stockpile,
  type NewStockpile,
  type StockMovement,
  type StockOwner,
  type StockpileProps,
} from './stockpile';
import {
  StockMovementEntity,
  StockpileEntity,
  toMovementRow,
  toStockpileProps,
  toStockpileRow,
} from './stockpile.entity';

export interface StockFilter {
  owner?: string;
  region?: string;
  itemCode?: string;
  limit: number;
  cursor?: string;
}

export interface StockMatch {
  stockpile: Readonly<StockpileProps>;
  distanceKm: number;
  /** The request names a kit version and this stock is of another. */
  versionDiffers: boolean;
  /** The caller acts for the stock's owner (its agency, or the ministry): it may offer from it. */
  yours: boolean;
}

export interface RegionStock {
  region: string;
  itemCode: string;
  unit: string;
  available: number;
  onHand: number;
  stockpiles: number;
}

/**
 * Stockpiles and their movements. Every movement is one transaction: a conditional UPDATE that
 * only passes while the stock is there (so two reservations racing for the last units cannot both
 * succeed), the movement row, and its event in the outbox.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly partners: PartnersService,
    private readonly requests: RequestViewsService,
    private readonly config: PartnerOfferServiceConfig,
  ) {}

  record(input: NewStockpile, user: AuthUser): Promise<Readonly<StockpileProps>> {
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.ownerOf(user, manager);
      const now = new Date();
      const { stockpile, movement } = Stockpile.record(input, {
        id: randomUUID(),
        owner,
        by: user,
        now,
      });
      await manager.insert(StockpileEntity, toStockpileRow(stockpile.snapshot));
      await this.append(manager, stockpile.snapshot, movement);
      return stockpile.snapshot;
    });
  }

  async get(id: string, user: AuthUser): Promise<Readonly<StockpileProps>> {
    const row = await this.dataSource.manager.findOneBy(StockpileEntity, { id });
    if (!row) throw StockException.notFound(id);
    const stockpile = Stockpile.restore(toStockpileProps(row));
    if (!this.isMinistry(user)) stockpile.assertOwnedBy(user, this.config.MINISTRY_CODE);
    return stockpile.snapshot;
  }

  /** By id, keyset-paged; a partner sees its own stockpiles, the ministry every one. */
  async list(filter: StockFilter, user: AuthUser): Promise<KeysetPage<Readonly<StockpileProps>>> {
    const owner = this.visibleOwner(user, filter.owner);
    const qb = this.dataSource.manager.createQueryBuilder(StockpileEntity, 's');
    if (owner) qb.andWhere('s.owner_code = :owner', { owner });
    if (filter.region) qb.andWhere('s.region = :region', { region: filter.region });
    if (filter.itemCode) qb.andWhere('s.item_code = :itemCode', { itemCode: filter.itemCode });
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor, ['i']);
      if (!after || !/^[0-9a-f-]{36}$/.test(after.i)) {
        throw StockException.invalidField('invalid_cursor', 'cursor', 'must be a nextCursor');
      }
      qb.andWhere('s.id > :after', { after: after.i });
    }
    const rows = await qb
      .orderBy('s.id', 'ASC')
      .limit(filter.limit + 1)
      .getMany();
    return keysetPage(rows.map(toStockpileProps), filter.limit, (last) => ({ i: last.id }));
  }

  /** Available totals per region and item, for the map. */
  async byRegion(user: AuthUser): Promise<RegionStock[]> {
    const owner = this.visibleOwner(user, undefined);
    const qb = this.dataSource.manager
      .createQueryBuilder(StockpileEntity, 's')
      .select('s.region', 'region')
      .addSelect('s.item_code', 'itemCode')
      .addSelect('s.unit', 'unit')
      .addSelect('SUM(s.on_hand - s.reserved)::int', 'available')
      .addSelect('SUM(s.on_hand)::int', 'onHand')
      .addSelect('COUNT(*)::int', 'stockpiles')
      .where('s.on_hand > 0');
    if (owner) qb.andWhere('s.owner_code = :owner', { owner });
    return qb
      .groupBy('s.region')
      .addGroupBy('s.item_code')
      .addGroupBy('s.unit')
      .orderBy('s.region')
      .addOrderBy('s.item_code')
      .getRawMany<RegionStock>();
  }

  /**
   * Stock that could cover a request: its item, something available, nearest to the request's
   * region first (great-circle between administrative centres). A partner sees its own (it is the
   * one who may offer them), the ministry all.
   */
  async matches(requestId: string, user: AuthUser): Promise<StockMatch[]> {
    const owner = this.visibleOwner(user, undefined);
    const request = await this.requests.find(this.dataSource.manager, requestId);
    if (!request) {
      throw new OfferException(
        'unprocessable',
        'request_unknown',
        `request ${requestId} is not known here yet; retry in a few seconds`,
        { retryAfterSeconds: 5 },
      );
    }
    if (request.itemCode === null) return [];
    const qb = this.dataSource.manager
      .createQueryBuilder(StockpileEntity, 's')
      .where('s.item_code = :itemCode', { itemCode: request.itemCode })
      .andWhere('s.unit = :unit', { unit: request.unit })
      .andWhere('s.on_hand - s.reserved > 0');
    if (owner) qb.andWhere('s.owner_code = :owner', { owner });
    const rows = await qb.getMany();
    const wanted = request.itemVersion;
    return rows
      .map((row) => ({
        stockpile: toStockpileProps(row),
        distanceKm: regionDistanceKm(row.region, request.region) ?? Number.MAX_SAFE_INTEGER,
        versionDiffers: wanted !== null && row.itemVersion !== wanted,
        yours: actsFor(user, row.ownerCode, this.config.MINISTRY_CODE),
      }))
      .sort(
        (a, b) =>
          a.distanceKm - b.distanceKm ||
          Number(a.versionDiffers) - Number(b.versionDiffers) ||
          b.stockpile.onHand - b.stockpile.reserved - (a.stockpile.onHand - a.stockpile.reserved) ||
          a.stockpile.id.localeCompare(b.stockpile.id),
      );
  }

  /** A movement the owner records by hand: received or written off. */
  move(
    id: string,
    input: { kind: StockMovementKind; quantity: number; reason: string | null },
    version: number,
    user: AuthUser,
  ): Promise<Readonly<StockpileProps>> {
    assertMovementReason(input.kind, input.reason);
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOneBy(StockpileEntity, { id });
      if (!row) throw StockException.notFound(id);
      const stockpile = Stockpile.restore(toStockpileProps(row));
      // Ownership before the version, so another owner learns nothing from a 412.
      stockpile.assertOwnedBy(user, this.config.MINISTRY_CODE);
      if (row.version !== version) {
        throw new StockException(
          'stale',
          'stale_version',
          `stockpile ${id} is at version ${row.version}, not ${version}; reload it and retry`,
          { currentVersion: row.version },
        );
      }
      return this.apply(manager, id, {
        kind: input.kind,
        quantity: input.quantity,
        offerId: null,
        reason: input.reason,
        actor: user.sub,
        at: new Date(),
      });
    });
  }

  /**
   * The stockpile an offer is to be made from, before the offer: it must exist and belong to the
   * one offering (`ownerCode`: the partner, or the ministry), else nothing of it is told.
   */
  async ownStockpile(
    manager: EntityManager,
    stockpileId: string,
    ownerCode: string,
  ): Promise<Readonly<StockpileProps>> {
    const row = await manager.findOneBy(StockpileEntity, { id: stockpileId });
    if (!row) {
      throw StockException.invalidField(
        'stockpile_unknown',
        'stockpileId',
        'must be one of your stockpiles',
        `stockpile ${stockpileId} does not exist`,
      );
    }
    if (row.ownerCode !== ownerCode) throw StockException.notYourStock(row.ownerCode, row.id);
    return toStockpileProps(row);
  }

  /**
   * An offer is published from its owner's stock (ownStockpile), in the offer's transaction: the
   * request's item and unit, at most what is available. A kit version other than the request's
   * is allowed: the offer records both (see the README).
   */
  async reserveForNewOffer(
    manager: EntityManager,
    stock: Readonly<StockpileProps>,
    offer: Readonly<OfferProps>,
    actor: AuthUser,
  ): Promise<void> {
    if (stock.itemCode !== offer.item.code || stock.unit !== offer.item.unit) {
      throw StockException.invalidField(
        'stock_item_mismatch',
        'stockpileId',
        `must hold ${offer.item.code ?? offer.item.name} in ${offer.item.unit}`,
        `stockpile ${stock.id} holds ${stock.itemCode} in ${stock.unit}, not what the offer is for`,
      );
    }
    await this.apply(manager, stock.id, {
      kind: 'reserved',
      quantity: offer.quantity,
      offerId: offer.id,
      reason: null,
      actor: actor.sub,
      at: new Date(),
    });
  }

  /** An offer from stock changed (accepted, edited, declined, withdrawn, dispatched): its stock follows. */
  async followOffer(
    manager: EntityManager,
    before: Pick<OfferProps, 'status' | 'quantity' | 'acceptedQuantity'>,
    offer: Readonly<OfferProps>,
    actor: string,
  ): Promise<void> {
    if (!offer.stockpileId) return;
    const movement = stockMovementOf(before, offer);
    if (!movement) return;
    await this.apply(manager, offer.stockpileId, {
      ...movement,
      offerId: offer.id,
      actor,
      at: new Date(),
    });
  }

  /** The conditional UPDATE: passes only while what the movement needs is there. */
  private async apply(
    manager: EntityManager,
    id: string,
    movement: StockMovement,
  ): Promise<Readonly<StockpileProps>> {
    const rule = MOVEMENT_RULES[movement.kind];
    const guard =
      rule.needs === 'available'
        ? 'AND on_hand - reserved >= $2'
        : rule.needs === 'reserved'
          ? 'AND reserved >= $2'
          : `AND on_hand + $2 <= ${MAX_ON_HAND}`;
    // PostgreSQL's UPDATE answers [rows, count] through TypeORM's query().
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE stockpiles
          SET on_hand = on_hand + $3::int * $2::int, reserved = reserved + $4::int * $2::int,
              version = version + 1, updated_at = $5
        WHERE id = $1 ${guard}
        RETURNING id`,
      [id, movement.quantity, rule.onHand, rule.reserved, movement.at],
    );
    const row = await manager.findOneBy(StockpileEntity, { id });
    if (!row) throw StockException.notFound(id);
    const props = toStockpileProps(row);
    if (rows.length === 0) {
      if (rule.needs === null) throw StockException.limitExceeded(id);
      const have = rule.needs === 'reserved' ? row.reserved : row.onHand - row.reserved;
      throw StockException.insufficient(id, movement.kind, movement.quantity, have, row.unit);
    }
    await this.append(manager, props, movement);
    return props;
  }

  private async append(
    manager: EntityManager,
    stockpile: Readonly<StockpileProps>,
    movement: StockMovement,
  ): Promise<void> {
    await manager.insert(StockMovementEntity, toMovementRow(stockpile.id, movement));
    await this.outbox.appendAll(manager, [toStockEvent(stockpile, movement)]);
  }

  private async ownerOf(user: AuthUser, manager: EntityManager): Promise<StockOwner> {
    if (this.isMinistry(user)) {
      return { code: this.config.MINISTRY_CODE, name: this.config.MINISTRY_NAME };
    }
    if (hasRole(user, 'agency')) {
      const partner = await this.partners.ofAgency(user, manager);
      return { code: partner.code, name: partner.name };
    }
    throw organisationRequired();
  }

  /** undefined: every owner (the ministry, unless it filters); else the one owner it may see. */
  private visibleOwner(user: AuthUser, asked: string | undefined): string | undefined {
    const wanted = asked?.toUpperCase();
    if (this.isMinistry(user)) return wanted;
    const own = hasRole(user, 'agency') ? ownerCodeOf(user, this.config.MINISTRY_CODE) : undefined;
    if (own === undefined) throw organisationRequired();
    if (wanted !== undefined && wanted !== own) {
      throw new StockException(
        'forbidden',
        'not_your_stock',
        `you may see the stock of ${own} only`,
      );
    }
    return own;
  }

  private isMinistry(user: AuthUser): boolean {
    return hasRole(user, 'operator', 'admin');
  }
}

function organisationRequired(): StockException {
  return new StockException(
    'forbidden',
    'organisation_required',
    'only the ministry and partner agencies hold stock',
  );
}
