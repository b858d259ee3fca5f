import { hasRole, type AuthUser } from '@relief/auth';
import type { IncidentMode, OfferStatus, PartnerKind } from '@relief/contracts';
import {
  hxlItemColumns,
  hxlModeColumns,
  hxlPlaceColumns,
  type ExportLanguage,
  type HxlColumn,
} from '@relief/runtime';
import { OfferException } from '../offers/offer.exception';
import { partnerCodeOf } from '../partners/partner';

/** One offer as `offers.hxl.csv` writes it; its region is its request's, else its incident's. */
export interface OfferExportRow {
  id: string;
  incidentReference: string;
  mode: IncidentMode;
  requestId: string | null;
  partnerCode: string;
  partnerName: string;
  partnerKind: PartnerKind;
  region: string | null;
  itemCode: string | null;
  itemName: string;
  unit: string;
  /** The kit composition version offered, when recorded. */
  itemVersion: number | null;
  quantity: number;
  acceptedQuantity: number | null;
  deliveredQuantity: number | null;
  status: OfferStatus;
  /** YYYY-MM-DD, when the partner said. */
  expectedDeliveryDate: string | null;
  publishedAt: Date;
  updatedAt: Date;
}

/** What an export of offers covers, and for whom (`partnerCode`: an agency's own only). */
export interface OfferExportFilter {
  lang: ExportLanguage;
  includeDrills: boolean;
  incidentId?: string;
  region?: string;
  partnerCode?: string;
}

/**
 * The columns of `offers.hxl.csv`, one row per offer, tagged as `requests.hxl.csv` is (see the
 * service README): quantities are `#indicator +num` with our attributes, the request an offer
 * answers is `#x_request +id` (HXL has no hashtag for it; `#meta +id` is the offer's own id).
 */
export function offerColumns(options: OfferExportFilter): HxlColumn<OfferExportRow>[] {
  return [
    { header: 'Offer ID', tag: '#meta +id', value: (r) => r.id },
    { header: 'Incident', tag: '#event +code', value: (r) => r.incidentReference },
    ...hxlModeColumns<OfferExportRow>(options.includeDrills),
    { header: 'Request ID', tag: '#x_request +id', value: (r) => r.requestId },
    { header: 'Organisation', tag: '#org +name', value: (r) => r.partnerName },
    { header: 'Organisation code', tag: '#org +code', value: (r) => r.partnerCode },
    { header: 'Organisation type', tag: '#org +type', value: (r) => r.partnerKind },
    ...hxlPlaceColumns<OfferExportRow>(options.lang),
    ...hxlItemColumns<OfferExportRow>(),
    { header: 'Item version', tag: '#item +version', value: (r) => r.itemVersion },
    { header: 'Offered', tag: '#indicator +num +offered', value: (r) => r.quantity },
    { header: 'Accepted', tag: '#indicator +num +accepted', value: (r) => r.acceptedQuantity },
    { header: 'Delivered', tag: '#indicator +num +delivered', value: (r) => r.deliveredQuantity },
    { header: 'Status', tag: '#status +code', value: (r) => r.status },
    { header: 'Expected delivery', tag: '#date +expected', value: (r) => r.expectedDeliveryDate },
    { header: 'Published', tag: '#date +reported', value: (r) => r.publishedAt.toISOString() },
    { header: 'Updated', tag: '#date +updated', value: (r) => r.updatedAt.toISOString() },
  ];
}

/** The region of `offers o`: its request's (read model `rv`), else its incident's (`iv`). */
export const OFFER_REGION = 'COALESCE(rv.region, iv.region)';

/** The filter's conditions on `offers o`: drills are left out unless asked for. */
export function offerConditions(filter: OfferExportFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (!filter.includeDrills) where.push(`o.mode = 'actual'`);
  if (filter.incidentId) add((n) => `o.incident_id = ${n}::uuid`, filter.incidentId);
  if (filter.region) add((n) => `${OFFER_REGION} = ${n}`, filter.region);
  if (filter.partnerCode) add((n) => `o.partner_code = ${n}`, filter.partnerCode);
  if (where.length === 0) where.push('TRUE');
  return { where, params };
}

/**
 * Whose offers the caller may export, as `GET /offers` lists them: the ministry (operators,
 * admins) every partner's (undefined), an agency its own partner's only. Fails closed: anyone
 * else is refused, never given an unfiltered file.
 */
export function exportedPartnerOf(user: AuthUser): string | undefined {
  if (hasRole(user, 'operator', 'admin')) return undefined;
  const own = hasRole(user, 'agency') ? partnerCodeOf(user) : undefined;
  if (own === undefined) {
    throw new OfferException(
      'forbidden',
      'organisation_required',
      'only the ministry and partner agencies may export offers',
    );
  }
  return own;
}
