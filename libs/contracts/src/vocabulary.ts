/**
 * Closed vocabularies shared by the payload classes. Adding a value is a compatible change for
 * producers only once every consumer knows it, so treat each list as part of the event version.
 */

/** GLIDE hazard codes (https://glidenumber.net), as used in incident references. */
export const HAZARDS = [
  'CW', // cold wave
  'DR', // drought
  'EC', // extratropical cyclone
  'EP', // epidemic
  'EQ', // earthquake
  'FF', // flash flood
  'FL', // flood
  'FR', // fire (urban, industrial)
  'HT', // heat wave
  'LS', // landslide
  'MS', // mud slide
  'OT', // other
  'ST', // severe local storm
  'TC', // tropical cyclone
  'TS', // tsunami
  'VO', // volcano
  'WF', // wild fire
] as const;
export type Hazard = (typeof HAZARDS)[number];

/** CAP 1.2 <severity>. */
export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** CAP 1.2 <urgency>. */
export const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** CAP 1.2 <certainty>. */
export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

export const INCIDENT_STATUSES = [
  'reported',
  'active',
  'contained',
  'closed',
  'cancelled',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Whether an incident is real or a drill, fixed at filing (CAP 1.2 <status>: `Actual`,
 * `Exercise`, `Test`). Everything that follows from an incident (its requests, offers, events,
 * messages and CAP alert) carries its mode; a drill never becomes real (a real one is filed anew).
 */
export const INCIDENT_MODES = ['actual', 'exercise', 'test'] as const;
export type IncidentMode = (typeof INCIDENT_MODES)[number];

/** The mode of an event that does not say (sent before modes existed): a real incident. */
export function modeOf(payload: { mode?: IncidentMode | null }): IncidentMode {
  return payload.mode ?? 'actual';
}

export const REQUEST_PRIORITIES = ['critical', 'high', 'normal'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/** `international` means the ministry asks partners abroad; `domestic` stays in-country. */
export const REQUEST_SCOPES = ['domestic', 'international'] as const;
export type RequestScope = (typeof REQUEST_SCOPES)[number];

/**
 * Follows from coverage: `pledged` when accepted offers reach the requested quantity,
 * `partially-delivered` from the first confirmed delivery, `fulfilled` when deliveries reach it.
 * `cancelled` (by the ministry) and `closed` (with its incident) are terminal.
 */
export const REQUEST_STATUSES = [
  'open',
  'partially-pledged',
  'pledged',
  'partially-delivered',
  'fulfilled',
  'cancelled',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Why an accepted offer could not be counted against its request. */
export const OFFER_REJECTION_REASONS = [
  'request-not-found',
  'request-not-open',
  'quantity-exceeds-remaining',
  'item-mismatch',
  /** The request is open to domestic partners only and the partner is international. */
  'request-domestic-only',
] as const;
export type OfferRejectionReason = (typeof OFFER_REJECTION_REASONS)[number];

/**
 * Why something ended or was refused, as a code: the event says it in no language, each reader's
 * template words it (issue 17, "nothing the platform writes stays in English"). Travels as
 * `reasonCode` with its `reasonParams` (see `ReasonParamsByCode`); `operator` means a person
 * typed the words, which are in `reason` as typed. The acceptance rejections
 * (`OFFER_REJECTION_REASONS`) are codes of this list too.
 */
export const REASON_CODES = [
  /** A person typed the reason: `reason` holds their words, shown as typed. */
  'operator',
  /** A request closed because its incident was closed. */
  'incident-closed',
  /** A request closed because its incident was cancelled (e.g. a false report). */
  'incident-cancelled',
  /** An offer was declined because its request was cancelled by the ministry. */
  'request-cancelled',
  /** An offer was declined because its request closed with its incident. */
  'request-closed',
  /** An offer was declined because its request was fulfilled by other deliveries. */
  'request-fulfilled',
  ...OFFER_REJECTION_REASONS,
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** What changed a request's coverage (`request.coverage-changed`'s `cause`). */
export const COVERAGE_CHANGE_CAUSES = [
  'offer-accepted',
  'offer-withdrawn',
  'offer-delivered',
  /** The ministry changed the requested quantity (`request.updated` comes with it). */
  'quantity-changed',
] as const;
export type CoverageChangeCause = (typeof COVERAGE_CHANGE_CAUSES)[number];

export const OFFER_STATUSES = [
  'published',
  'accepted',
  'declined',
  'withdrawn',
  'dispatched',
  'delivered',
] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const PARTNER_KINDS = [
  'government',
  'un-agency',
  'red-cross-red-crescent',
  'ngo',
  'financial-institution',
  'donor',
  'private-sector',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** An `international` partner may only answer requests whose scope is `international`. */
export const PARTNER_ORIGINS = ['domestic', 'international'] as const;
export type PartnerOrigin = (typeof PARTNER_ORIGINS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** e.g. `FL-2024-KZ-AKT-0007`: hazard, year, ISO 3166-2 region, sequence. */
export const INCIDENT_REFERENCE_PATTERN = /^[A-Z]{2}-\d{4}-[A-Z]{2}-[A-Z0-9]{1,3}-\d{4,}$/;
/** ISO 3166-2 subdivision code, e.g. `KZ-AKT`. */
export const REGION_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
/** Catalogue item code, e.g. `SHELTER-TENT-FAMILY`. */
export const ITEM_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;
/** Partner organisation code, e.g. `IFRC` or `UNICEF-KZ`. */
export const PARTNER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
