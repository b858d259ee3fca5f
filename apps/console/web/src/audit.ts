/**
 * The audit trail of each service (`GET /admin/audit`, `GET /admin/audit/verify`, admin only):
 * where an object's history is read, and how an entry is put in words. An action or a field this
 * console has no words for (a newer service) is shown as its code, not hidden.
 */
import vocabulary from './generated/vocabulary.json';
import { api, query } from './api';
import { formatDateTime, formatNumber } from './i18n';
import type { Translate } from './problems';
import {
  incidentStatusName,
  severityName,
  urgencyName,
  hazardName,
  regionName,
  type Language,
} from './vocabulary';

export interface AuditActor {
  subject: string;
  organisationId: string | null;
  roles: string[];
}

export interface AuditEntry {
  id: string;
  /** null: not sealed into the hash chain yet (it is within about a second). */
  chainSeq: number | null;
  occurredAt: string;
  actor: AuditActor;
  correlationId: string;
  /** Set when the change followed another (a cascade): the id of the event that caused it. */
  causationId: string | null;
  /** The event this entry records (`?event=` finds it); null for a change that is no event. */
  eventId: string | null;
  objectType: string;
  objectId: string;
  /** An event type (`request.updated`) or a change's name (`subscriber.updated`). */
  action: string;
  /** The event's payload, or `{ before, after }` for a change that is not an event. */
  changes: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

export type ChainProblem = 'hash-mismatch' | 'broken-link' | 'missing-seq';

export interface AuditVerifyReport {
  ok: boolean;
  sealed: number;
  unsealed: number;
  firstProblem: { chainSeq: number; id: string; problem: ChainProblem } | null;
}

/** The services behind the gateway, each with a trail of its own. */
export const AUDIT_SERVICES = ['incident', 'request', 'offer', 'notification'] as const;
export type AuditService = (typeof AUDIT_SERVICES)[number];

/** The objects the console shows a history of, and the service that keeps it. */
export const AUDITED_OBJECTS = {
  incident: 'incident',
  request: 'request',
  offer: 'offer',
  subscriber: 'notification',
} as const satisfies Record<string, AuditService>;
export type AuditedObjectType = keyof typeof AUDITED_OBJECTS;

export const AUDIT_PAGE_LIMIT = 20;

/** The gateway path of one page of an object's history, newest first. */
export function auditPath(type: AuditedObjectType, id: string, cursor?: string): string {
  const params = query({ object: id, type, cursor, limit: AUDIT_PAGE_LIMIT });
  return `/api/${AUDITED_OBJECTS[type]}/admin/audit${params}`;
}

export async function fetchAuditPage(
  type: AuditedObjectType,
  id: string,
  cursor?: string,
): Promise<AuditPage> {
  return (await api<AuditPage>(auditPath(type, id, cursor))).data;
}

export async function fetchChainReport(service: AuditService): Promise<AuditVerifyReport> {
  return (await api<AuditVerifyReport>(`/api/${service}/admin/audit/verify`)).data;
}

/**
 * The changes the services record that are no events (partners, subscribers, a dead letter's
 * replay), and the quantity
 * change by its own name: each has words like every event type of the catalogue.
 */
const OTHER_ACTIONS = [
  'request.quantity-changed',
  'partner.created',
  'partner.updated',
  'partner.deleted',
  'subscriber.created',
  'subscriber.updated',
  'subscriber.deleted',
  'subscription.created',
  'subscription.deleted',
  'dead-letter.replayed',
  'offer.pledge-confirmed',
] as const;

/**
 * The actions with words (`audit.action.<group>.<name>`): every event type of the catalogue
 * (libs/contracts event-catalogue.ts, through the generated vocabulary) and the others above.
 */
export const AUDIT_ACTIONS: readonly string[] = [...vocabulary.eventTypes, ...OTHER_ACTIONS];

/** The message key of an action, or undefined for one without words here. */
export function actionKey(action: string): string | undefined {
  return AUDIT_ACTIONS.includes(action) ? `audit.action.${action}` : undefined;
}

/** An action in words; an unknown one as its code. */
export function actionWord(t: Translate, action: string): string {
  const key = actionKey(action);
  return key ? t(key) : action;
}

/** One changed field: `before` is absent when only the new value is known. */
export interface AuditChange {
  field: string;
  before?: unknown;
  after: unknown;
}

/** The fields an event says something about by itself (a reason, a quantity accepted …). */
const TOLD_FIELDS = [
  'reason',
  'summary',
  'acceptedQuantity',
  'dispatchedQuantity',
  'deliveredQuantity',
  'shortfallQuantity',
  'releasedQuantity',
  'expectedArrival',
] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Each differing field of two values; objects (coverage, figures) field by field. */
function differences(field: string, before: unknown, after: unknown): AuditChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => differences(`${field}.${k}`, before[k], after[k]));
  }
  return same(before, after) ? [] : [{ field, before, after }];
}

/**
 * What changed, compactly: for `{ before, after }` each field that differs; for an event, each
 * `previousX` against its `X` (`previousQuantity` → `quantity`: 400 → 300), the fields it names
 * in `changedFields` with their new value, and the few it tells by itself (reason, quantities).
 */
export function auditChanges(changes: unknown): AuditChange[] {
  if (!isRecord(changes)) return [];
  if ('before' in changes && 'after' in changes) {
    const before = isRecord(changes.before) ? changes.before : {};
    const after = isRecord(changes.after) ? changes.after : {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.filter((k) => k !== 'version').flatMap((k) => differences(k, before[k], after[k]));
  }
  const found: AuditChange[] = [];
  const shown = new Set<string>();
  for (const [key, before] of Object.entries(changes)) {
    const match = /^previous([A-Z]\w*)$/.exec(key);
    if (!match?.[1]) continue;
    const field = match[1].charAt(0).toLowerCase() + match[1].slice(1);
    shown.add(field);
    // An old event without the previous value (null) tells no change of its own.
    if (before === null || before === undefined) continue;
    found.push(...differences(field, before, changes[field]));
  }
  const named = Array.isArray(changes.changedFields) ? changes.changedFields : [];
  for (const field of named) {
    if (typeof field !== 'string' || shown.has(field) || !(field in changes)) continue;
    shown.add(field);
    found.push({ field, after: changes[field] });
  }
  for (const field of TOLD_FIELDS) {
    const value = changes[field];
    if (shown.has(field) || value === undefined || value === null || value === '') continue;
    found.push({ field, after: value });
  }
  return found;
}

/** The words of a field (message keys the console already has, or audit.field.*). */
const FIELD_KEYS: Record<string, string> = {
  quantity: 'common.quantity',
  status: 'field.status',
  scope: 'field.scope',
  severity: 'field.severity',
  urgency: 'field.urgency',
  certainty: 'field.certainty',
  title: 'field.title',
  description: 'field.description',
  hazard: 'field.hazard',
  region: 'field.region',
  priority: 'field.priority',
  neededBy: 'field.neededBy',
  notes: 'field.notes',
  note: 'common.note',
  reason: 'common.reason',
  conditions: 'field.conditions',
  expectedArrival: 'field.expectedArrival',
  areaDescription: 'field.address',
  'figures.affected': 'figures.affected',
  'figures.evacuated': 'figures.evacuated',
  'figures.injured': 'figures.injured',
  'figures.dead': 'figures.dead',
  'figures.homesDamaged': 'figures.homesDamaged',
  'coverage.requested': 'requests.requested',
  'coverage.pledged': 'requests.pledged',
  'coverage.delivered': 'requests.delivered',
  'coverage.remaining': 'requests.remaining',
  summary: 'audit.field.summary',
  acceptedQuantity: 'audit.field.acceptedQuantity',
  dispatchedQuantity: 'audit.field.dispatchedQuantity',
  deliveredQuantity: 'audit.field.deliveredQuantity',
  shortfallQuantity: 'audit.field.shortfallQuantity',
  releasedQuantity: 'audit.field.releasedQuantity',
  name: 'admin.name',
  organisation: 'audit.field.organisation',
  pledgeConfirmed: 'audit.field.pledgeConfirmed',
  email: 'admin.contactEmail',
  phone: 'admin.contactPhone',
  language: 'app.language',
  channels: 'subscriptions.channels',
  receiveExercises: 'subscriptions.receiveExercises',
};

export function fieldWord(t: Translate, field: string): string {
  const key = FIELD_KEYS[field];
  return key ? t(key) : field;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value in the reader's words: codes of the object's vocabulary, numbers and dates in the locale. */
export function valueWord(
  t: Translate,
  lang: Language,
  objectType: string,
  field: string,
  value: unknown,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return formatNumber(value, lang);
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (Array.isArray(value)) {
    return value.map((v) => valueWord(t, lang, objectType, field, v)).join(', ');
  }
  if (typeof value !== 'string') return JSON.stringify(value);
  if (ISO_DATE.test(value)) return formatDateTime(value, lang);
  const word = (key: string): string => t(key, { defaultValue: value });
  switch (field) {
    case 'status':
      if (objectType === 'incident') return incidentStatusName(value, lang);
      if (objectType === 'offer') return word(`offer.status.${value}`);
      return objectType === 'request' ? word(`requests.status.${value}`) : value;
    case 'scope':
      return word(`requests.scope.${value}`);
    case 'priority':
      return word(`requests.priority.${value}`);
    case 'severity':
      return severityName(value, lang);
    case 'urgency':
      return urgencyName(value, lang);
    case 'hazard':
      return hazardName(value, lang);
    case 'region':
      return regionName(value, lang);
    default:
      return value;
  }
}

/** "Quantity: 400 → 300", or "Reason: …" when only the new value is known. */
export function changeText(
  t: Translate,
  lang: Language,
  objectType: string,
  change: AuditChange,
): string {
  const value = (v: unknown): string => valueWord(t, lang, objectType, change.field, v);
  const to =
    'before' in change ? `${value(change.before)} → ${value(change.after)}` : value(change.after);
  return `${fieldWord(t, change.field)}: ${to}`;
}

/** The services' names, as work no person started is signed: `system:<service name>`. */
const SYSTEM_SUBJECTS: Record<string, AuditService> = {
  'system:incident-service': 'incident',
  'system:resource-request-service': 'request',
  'system:partner-offer-service': 'offer',
  'system:notification-service': 'notification',
};

/** Who: the subject, their organisation, their roles in words ("aliya · operator"). */
export function actorText(t: Translate, actor: AuditActor): string {
  const service = SYSTEM_SUBJECTS[actor.subject];
  if (service) return t('audit.system', { service: t(`admin.serviceName.${service}`) });
  const roles = actor.roles.map((r) => t(`auth.role.${r}`, { defaultValue: r })).join(', ');
  const who = actor.organisationId ? `${actor.subject} (${actor.organisationId})` : actor.subject;
  return roles ? `${who} · ${roles}` : who;
}

/**
 * The codes by which an automatic change says what it followed (`cause` of
 * request.coverage-changed, `reasonCode` of the closings and declines), with words in audit.cause.
 */
export const CAUSE_CODES = [
  'offer-accepted',
  'offer-withdrawn',
  'offer-delivered',
  'quantity-changed',
  'incident-closed',
  'incident-cancelled',
  'request-cancelled',
  'request-closed',
  'request-fulfilled',
] as const;

/**
 * The badge of a cascade (`causationId` set): what it followed, as the change itself names it
 * ("automatic, after: offer accepted"); else the id of the event it followed, which the history
 * cannot name (an event of another service, say).
 */
export function cascadeText(t: Translate, entry: AuditEntry): string {
  if (!entry.causationId) return '';
  const { cause, reasonCode } = entry.changes;
  const code = typeof cause === 'string' ? cause : reasonCode;
  return typeof code === 'string' && (CAUSE_CODES as readonly string[]).includes(code)
    ? t('audit.cascadeAfter', { action: t(`audit.cause.${code}`) })
    : t('audit.cascadeAfterEvent', { id: entry.causationId.slice(0, 8) });
}

/** A service's chain report in words: intact, or where the first problem is. */
export function chainReportText(t: Translate, lang: Language, report: AuditVerifyReport): string {
  const counts = t('audit.chainCounts', {
    sealed: formatNumber(report.sealed, lang),
    unsealed: formatNumber(report.unsealed, lang),
  });
  if (report.ok) return `${t('audit.chainIntact')} ${counts}`;
  if (!report.firstProblem) return `${t('audit.chainBroken')} ${counts}`;
  const { chainSeq, problem } = report.firstProblem;
  return `${t('audit.chainProblem', {
    seq: formatNumber(chainSeq, lang),
    problem: t(`audit.problem.${problem}`, { defaultValue: problem }),
  })} ${counts}`;
}
