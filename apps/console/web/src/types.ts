import type { Coverage } from './coverage';
import type { Mode } from './mode';
import type { Severity } from './vocabulary';

export interface Figures {
  affected: number;
  evacuated: number;
  injured: number;
  dead: number;
  homesDamaged: number;
}

export interface Incident {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  hazard: string;
  region: string;
  district: string | null;
  settlement: string | null;
  location: { latitude: number; longitude: number; radiusKm: number } | null;
  severity: Severity;
  urgency: string;
  certainty: string;
  status: string;
  statusReason: string | null;
  figures: Figures;
  occurredAt: string;
  reportedAt: string;
  reportedBy: string;
  updatedAt: string;
  version: number;
  /** Fixed at filing; missing in records older than drills: read as 'actual' (modeOf). */
  mode?: Mode;
}

export interface IncidentPage {
  items: Incident[];
  nextCursor: string | null;
}

export interface TimelineEntry {
  sequence: number;
  incidentVersion: number;
  kind: 'reported' | 'updated' | 'status-changed' | 'situation-update';
  text: string;
  status: string;
  severity: string;
  figures: Figures;
  recordedAt: string;
  recordedBy: string;
}

export interface ResourceRequest {
  id: string;
  version: number;
  incidentId: string;
  incidentReference: string;
  /** `version`: the kit composition it asks for (null: the item has none; missing in old data). */
  item: { code: string | null; name: string; unit: string; version?: number | null };
  quantity: number;
  priority: string;
  neededBy: string;
  location: { region: string; address: string | null };
  notes: string | null;
  scope: 'domestic' | 'international';
  status: string;
  coverage: Coverage;
  endReason: string | null;
  /** Its incident's mode (missing in old data: 'actual'). */
  mode?: Mode;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A request as partner-offer-service knows it (GET /api/offer/requests). */
export interface RequestView {
  requestId: string;
  incidentId: string;
  incidentReference: string;
  region: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  quantity: number;
  priority: string;
  neededBy: string;
  scope: string;
  status: string;
  pledged: number;
  delivered: number;
  remaining: number;
  available: number;
  /** Its incident's mode (missing in old data: 'actual'). */
  mode?: Mode;
}

export interface Offer {
  id: string;
  version: number;
  partner: { code: string; name: string; origin?: string };
  requestId: string | null;
  incidentId: string;
  incidentReference: string;
  item: { code: string | null; name: string; unit: string };
  quantity: number;
  expectedDeliveryDate: string | null;
  conditions: string | null;
  note: string | null;
  status: string;
  acceptedQuantity: number | null;
  pledgeConfirmed: boolean;
  reportedQuantity: number | null;
  deliveredQuantity: number | null;
  reason: string | null;
  publishedAt: string;
  updatedAt: string;
  /** Its incident's mode, inherited (missing in old data: 'actual'). */
  mode?: Mode;
}

/** One Server-Sent Event of GET /api/events. */
export interface PlatformEvent {
  id: string;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}
