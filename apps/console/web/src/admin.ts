/** The administration screen's logic: the partners registry's form and the dead letters' words. */
import { compact } from './validation';

export interface Partner {
  code: string;
  name: string;
  kind: string;
  origin: string;
  contactEmail: string | null;
  contactPhone: string | null;
  version: number;
}

/** The partner-offer service's partner kinds and origins (its DTO's enums). */
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
export const PARTNER_ORIGINS = ['domestic', 'international'] as const;

/** The partner form's fields, as typed (a cleared contact is ''). */
export interface PartnerFields {
  code: string;
  name: string;
  kind: string;
  origin: string;
  contactEmail: string;
  contactPhone: string;
}

export const NO_PARTNER: PartnerFields = {
  code: '',
  name: '',
  kind: '',
  origin: '',
  contactEmail: '',
  contactPhone: '',
};

/** The form filled with what the registry holds now. */
export function partnerFields(partner: Partner | undefined): PartnerFields {
  if (!partner) return NO_PARTNER;
  return {
    code: partner.code,
    name: partner.name,
    kind: partner.kind,
    origin: partner.origin,
    contactEmail: partner.contactEmail ?? '',
    contactPhone: partner.contactPhone ?? '',
  };
}

/**
 * The body of POST /partners (blank fields left out) or, given the partner the edit began from,
 * of PATCH /partners/:code: only what this user changed, so that applying it to a newer version
 * keeps what someone else changed in between; a cleared contact goes as null (removed).
 */
export function partnerBody(f: PartnerFields, basedOn?: Partner): Record<string, unknown> {
  if (!basedOn) return compact({ ...f });
  const before = partnerFields(basedOn);
  const mine = (k: keyof PartnerFields): boolean => f[k] !== before[k];
  return {
    ...compact({
      name: mine('name') ? f.name : undefined,
      kind: mine('kind') ? f.kind : undefined,
      origin: mine('origin') ? f.origin : undefined,
    }),
    ...(mine('contactEmail') ? { contactEmail: f.contactEmail || null } : {}),
    ...(mine('contactPhone') ? { contactPhone: f.contactPhone || null } : {}),
  };
}

/** The fields someone else changed between the version this form was based on and now. */
export function changedByOthers(before: Partner, now: Partner): (keyof PartnerFields)[] {
  const a = partnerFields(before);
  const b = partnerFields(now);
  return (Object.keys(a) as (keyof PartnerFields)[]).filter((k) => a[k] !== b[k]);
}

/** Which service consumes which topics (dead letters are kept per consumer). */
export const CONSUMERS: Record<string, string[]> = {
  request: ['incident.events', 'offer.events'],
  offer: ['request.events', 'incident.events'],
  notification: ['incident.events', 'request.events', 'offer.events'],
};

/** A topic's key in the messages: 'incident.events' → 'incident' (i18next splits keys at dots). */
export const topicKey = (topic: string): string => topic.split('.')[0] ?? topic;

/** Why a consumer set a message aside (libs/messaging's DeadLetterReason). */
export const DEAD_LETTER_REASONS = [
  'too-large',
  'malformed-json',
  'invalid-envelope',
  'unknown-type',
  'unknown-version',
  'invalid-payload',
  'handler-failed',
] as const;
