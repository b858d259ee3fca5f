import type { IncidentMode, RequestPriority, RequestScope, RequestStatus } from '@relief/contracts';
import {
  hxlItemColumns,
  hxlModeColumns,
  hxlPlaceColumns,
  type ExportLanguage,
  type HxlColumn,
} from '@relief/runtime';
import { coverage } from '../requests/coverage';

/** One request as `requests.hxl.csv` writes it (a row of `resource_requests`). */
export interface RequestExportRow {
  id: string;
  incidentReference: string;
  mode: IncidentMode;
  region: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  quantity: number;
  pledged: number;
  delivered: number;
  status: RequestStatus;
  priority: RequestPriority;
  scope: RequestScope;
  /** YYYY-MM-DD */
  neededBy: string;
  raisedAt: Date;
  updatedAt: Date;
}

export interface ExportOptions {
  lang: ExportLanguage;
  /** Drills are in the file: it gets the mode column. */
  includeDrills: boolean;
}

/** What an export of requests covers. */
export interface ExportFilter extends ExportOptions {
  incidentId?: string;
  region?: string;
}

/**
 * The columns of `requests.hxl.csv`, one row per request. HXL 1.1 has no hashtag for a quantity
 * of goods (#targeted and #reached count people), so the quantities are `#indicator +num` with
 * our attributes naming which; priority and the international scope have no hashtag, so they
 * are `#x_` ones.
 */
export function requestColumns(options: ExportOptions): HxlColumn<RequestExportRow>[] {
  return [
    { header: 'Request ID', tag: '#meta +id', value: (r) => r.id },
    { header: 'Incident', tag: '#event +code', value: (r) => r.incidentReference },
    ...hxlModeColumns<RequestExportRow>(options.includeDrills),
    ...hxlPlaceColumns<RequestExportRow>(options.lang),
    ...hxlItemColumns<RequestExportRow>(),
    { header: 'Requested', tag: '#indicator +num +requested', value: (r) => r.quantity },
    { header: 'Pledged', tag: '#indicator +num +pledged', value: (r) => r.pledged },
    { header: 'Delivered', tag: '#indicator +num +delivered', value: (r) => r.delivered },
    {
      header: 'Remaining',
      tag: '#indicator +num +remaining',
      value: (r) => coverage(r.quantity, r.pledged, r.delivered).remaining,
    },
    { header: 'Status', tag: '#status +code', value: (r) => r.status },
    { header: 'Priority', tag: '#x_priority +code', value: (r) => r.priority },
    {
      header: 'International assistance',
      tag: '#x_international +open',
      value: (r) => (r.scope === 'international' ? 'yes' : 'no'),
    },
    { header: 'Needed by', tag: '#date +deadline', value: (r) => r.neededBy },
    { header: 'Raised', tag: '#date +reported', value: (r) => r.raisedAt.toISOString() },
    { header: 'Updated', tag: '#date +updated', value: (r) => r.updatedAt.toISOString() },
  ];
}

/** The filter's conditions on `resource_requests r`: drills are left out unless asked for. */
export function requestConditions(filter: ExportFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeDrills) where.push(`r.mode = 'actual'`);
  if (filter.incidentId) {
    params.push(filter.incidentId);
    where.push(`r.incident_id = $${params.length}::uuid`);
  }
  if (filter.region) {
    params.push(filter.region);
    where.push(`r.region = $${params.length}`);
  }
  if (where.length === 0) where.push('TRUE');
  return { where, params };
}
