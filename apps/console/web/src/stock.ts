/** Prepositioned stock (partner-offer-service): distances, the map's badges, what to offer from it. */
import { formatNumber } from './i18n';
import type { Translate } from './problems';
import { compact } from './validation';
import type { Language } from './vocabulary';

export interface Stockpile {
  id: string;
  version: number;
  ownerCode: string;
  ownerName: string;
  region: string;
  warehouse: string;
  itemCode: string;
  itemVersion: number | null;
  unit: string;
  onHand: number;
  reserved: number;
  available: number;
  expiresOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StockMatch extends Stockpile {
  /** Great-circle km between the regions' administrative centres. */
  distanceKm: number;
  /** The request names another kit version than this stock holds. */
  versionDiffers: boolean;
  /** The caller acts for the owner (its agency, or the ministry): the service lets it offer. */
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

export interface StockPage {
  items: Stockpile[];
  nextCursor: string | null;
}

/** A region the service could not place answers the largest safe integer as its distance. */
const UNKNOWN_DISTANCE = Number.MAX_SAFE_INTEGER;

/** "in the region itself", "≈ 1,020 km away", or "distance unknown". */
export function distanceText(km: number, t: Translate, lang: Language): string {
  if (!Number.isFinite(km) || km >= UNKNOWN_DISTANCE) return t('stock.distanceUnknown');
  if (km < 1) return t('stock.sameRegion');
  return t('stock.distance', { km: formatNumber(Math.round(km), lang) });
}

/** Region → its available stock (items with nothing available left out), for the map's badges. */
export function stockByRegion(
  rows: readonly RegionStock[],
): Map<string, { available: number; items: RegionStock[] }> {
  const out = new Map<string, { available: number; items: RegionStock[] }>();
  for (const row of rows) {
    if (row.available <= 0) continue;
    const entry = out.get(row.region) ?? { available: 0, items: [] };
    entry.available += row.available;
    entry.items.push(row);
    out.set(row.region, entry);
  }
  return out;
}

/** What an offer from stock proposes first: all that is available, no more than the request lacks. */
export function stockOfferQuantity(stock: Pick<Stockpile, 'available'>, remaining: number): number {
  return Math.max(0, Math.min(stock.available, remaining));
}

/** The record-a-stockpile form as typed. */
export interface StockFields {
  region: string;
  warehouse: string;
  itemCode: string;
  itemVersion: string;
  unit: string;
  quantity: string;
  expiresOn: string;
}

export const NO_STOCK: StockFields = {
  region: '',
  warehouse: '',
  itemCode: '',
  itemVersion: '',
  unit: '',
  quantity: '',
  expiresOn: '',
};

/** The body of POST /stock (blank fields left out, numbers as numbers). */
export function stockBody(f: StockFields): Record<string, unknown> {
  return compact({
    region: f.region,
    warehouse: f.warehouse.trim(),
    itemCode: f.itemCode,
    itemVersion: f.itemVersion === '' ? undefined : Number(f.itemVersion),
    unit: f.unit,
    quantity: f.quantity === '' ? undefined : Number(f.quantity),
    expiresOn: f.expiresOn,
  });
}

/** The body of POST /stock/:id/movements: a receipt, or a write-off with its reason. */
export function movementBody(
  kind: 'received' | 'written-off',
  quantity: string,
  reason: string,
): Record<string, unknown> {
  return compact({
    kind,
    quantity: quantity === '' ? undefined : Number(quantity),
    reason: reason.trim(),
  });
}
