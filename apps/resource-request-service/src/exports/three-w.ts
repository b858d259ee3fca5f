import { hasRole, type AuthUser } from '@relief/auth';
import type { IncidentMode, RequestStatus } from '@relief/contracts';
import { hxlItemColumns, hxlModeColumns, hxlPlaceColumns, type HxlColumn } from '@relief/runtime';
import { coverageOf, type PledgeState } from '../requests/coverage';
import { RequestException } from '../requests/request.exception';
import type { ExportOptions } from './request-export';

/** A request as the 3W needs it; `itemKey` groups one item (a catalogue code, or a free name). */
export interface ThreeWRequest {
  id: string;
  mode: IncidentMode;
  region: string;
  itemKey: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  quantity: number;
  status: RequestStatus;
}

/** One pledge of the ledger (an accepted offer), with its partner. */
export interface ThreeWPledge {
  offerId: string;
  requestId: string;
  partnerCode: string;
  partnerName: string | null;
  state: PledgeState;
  quantity: number;
  deliveredQuantity: number;
}

/** One row of the 3W: an organisation's part of one item in one region. */
export interface ThreeWRow {
  orgCode: string;
  orgName: string;
  mode: IncidentMode | 'mixed';
  region: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  requested: number | null;
  pledged: number | null;
  delivered: number | null;
}

export interface Organisation {
  code: string;
  name: string;
}

interface Group {
  key: string;
  region: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  modes: Set<IncidentMode>;
  requested: number;
  partners: Map<string, { name: string; pledges: ThreeWPledge[] }>;
}

/**
 * The 3W table (who / what / where): one row per organisation × region × item (and unit).
 *
 * Each quantity is counted once, by the organisation it belongs to, so every numeric column sums
 * to the platform's total: the ministry's row carries what it requested (requests not cancelled)
 * and nothing pledged; each partner's row carries what it pledged and delivered (as coverage
 * counts them: accepted offers not withdrawn, a delivered one by what arrived) and nothing
 * requested. A cancelled request's need is gone, but what was delivered against it stays in
 * its partner's row, as it stays in the request's coverage.
 *
 * Fed with requests sorted by (region, itemKey, unit), page by page: a group is written as soon
 * as the next group starts, so memory holds one group, not the whole export.
 */
export class ThreeWTable {
  private current: Group | undefined;

  constructor(
    private readonly ministry: Organisation,
    /** Which partners' rows the caller may see (an agency: its own only). */
    private readonly showsPartner: (partnerCode: string) => boolean,
  ) {}

  /** Adds a page of requests (in order) with their pledges; returns the rows of finished groups. */
  add(requests: readonly ThreeWRequest[], pledges: readonly ThreeWPledge[]): ThreeWRow[] {
    const byRequest = new Map<string, ThreeWPledge[]>();
    for (const pledge of pledges) {
      const list = byRequest.get(pledge.requestId) ?? [];
      list.push(pledge);
      byRequest.set(pledge.requestId, list);
    }
    const rows: ThreeWRow[] = [];
    for (const request of requests) {
      const key = groupKey(request);
      if (this.current?.key !== key) {
        rows.push(...this.finish());
        this.current = newGroup(key, request);
      }
      const group = this.current;
      group.modes.add(request.mode);
      if (request.status !== 'cancelled') group.requested += request.quantity;
      for (const pledge of byRequest.get(request.id) ?? []) {
        const partner = group.partners.get(pledge.partnerCode) ?? {
          name: pledge.partnerName ?? pledge.partnerCode,
          pledges: [],
        };
        partner.pledges.push(pledge);
        group.partners.set(pledge.partnerCode, partner);
      }
    }
    return rows;
  }

  /** The rows of the last group. */
  end(): ThreeWRow[] {
    return this.finish();
  }

  private finish(): ThreeWRow[] {
    const group = this.current;
    this.current = undefined;
    if (!group) return [];
    const where = {
      mode: group.modes.size === 1 ? [...group.modes][0] : ('mixed' as const),
      region: group.region,
      itemCode: group.itemCode,
      itemName: group.itemName,
      unit: group.unit,
    };
    const rows: ThreeWRow[] = [
      {
        orgCode: this.ministry.code,
        orgName: this.ministry.name,
        ...where,
        requested: group.requested,
        pledged: null,
        delivered: null,
      },
    ];
    const partners = [...group.partners.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (const [code, partner] of partners) {
      if (!this.showsPartner(code)) continue;
      const counted = coverageOf(0, partner.pledges);
      // A partner whose every acceptance was rejected or withdrawn did nothing here.
      if (counted.pledged === 0 && counted.delivered === 0) continue;
      rows.push({
        orgCode: code,
        orgName: partner.name,
        ...where,
        requested: null,
        pledged: counted.pledged,
        delivered: counted.delivered,
      });
    }
    return rows;
  }
}

function groupKey(r: ThreeWRequest): string {
  return `${r.region}|${r.itemKey}|${r.unit}`;
}

function newGroup(key: string, r: ThreeWRequest): Group {
  return {
    key,
    region: r.region,
    itemCode: r.itemCode,
    itemName: r.itemName,
    unit: r.unit,
    modes: new Set(),
    requested: 0,
    partners: new Map(),
  };
}

/** The columns of `3w.hxl.csv`; `#date +reported` is when the file was made (one report date). */
export function threeWColumns(options: ExportOptions, reportedAt: Date): HxlColumn<ThreeWRow>[] {
  return [
    { header: 'Organisation', tag: '#org +name', value: (r) => r.orgName },
    { header: 'Organisation code', tag: '#org +code', value: (r) => r.orgCode },
    ...hxlModeColumns<ThreeWRow>(options.includeDrills),
    ...hxlPlaceColumns<ThreeWRow>(options.lang),
    ...hxlItemColumns<ThreeWRow>(),
    { header: 'Requested', tag: '#indicator +num +requested', value: (r) => r.requested },
    { header: 'Pledged', tag: '#indicator +num +pledged', value: (r) => r.pledged },
    { header: 'Delivered', tag: '#indicator +num +delivered', value: (r) => r.delivered },
    { header: 'Report date', tag: '#date +reported', value: () => reportedAt.toISOString() },
  ];
}

/** Fails closed: a caller who is neither the ministry nor an agency of a partner is refused. */
export function partnersVisibleTo(user: AuthUser): (partnerCode: string) => boolean {
  if (hasRole(user, 'operator', 'admin')) return () => true;
  const own = hasRole(user, 'agency') ? user.org?.trim().toUpperCase() : undefined;
  if (!own) {
    throw new RequestException(
      'forbidden',
      'organisation_required',
      'only the ministry and partner agencies may export the 3W table',
    );
  }
  return (partnerCode) => partnerCode === own;
}
