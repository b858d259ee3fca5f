import { SEVERITIES, type Hazard, type IncidentMode, type Severity } from '@relief/contracts';
import { severityRank } from '../subscribers/subscriber';

/** What an event is about, from its payload and (for requests and offers) the incident read model. */
export interface EventFacts {
  type: string;
  region: string | null;
  hazard: Hazard | null;
  severity: Severity | null;
  /** Set for offer.* events: whose offer it is. */
  partnerCode: string | null;
  /** `actual`, or a drill (`exercise`, `test`): a drill reaches only who opted in. */
  mode: IncidentMode;
  /** The incident it is about (the event's own, a request's or offer's, feedback's link). */
  incidentId: string | null;
  /** The catalogue item it is about (requests, offers, feedback). */
  itemCode: string | null;
}

/**
 * Heard only by subscriptions that name them: a subscription to "everything" made before
 * feedback was notifiable must not start texting its owner every message of the public form.
 */
export const OPT_IN_EVENT_TYPES: readonly string[] = ['feedback.received', 'feedback.categorised'];

/** Partners hear about the fate of their own offers without subscribing to it. */
export type { Audience } from '../templates/template';

export const PARTNER_OWN_OFFER_EVENTS: readonly string[] = [
  'offer.accepted',
  'offer.declined',
  'offer.delivered',
];

/** The organisation of the ministry's own staff (the operators of feedback). */
const MINISTRY = 'ministry';

/** Lowest first (position = severityRank): `Unknown` is below `Minor`, so a minimum of Minor excludes it. */
const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

/**
 * The matching rule, as one SQL condition over `subscribers s` joined with the channels they
 * chose (`c.channel`). The database applies it to every subscriber in one statement, so a fan-out
 * to 100,000 people never loads them into this process.
 *
 * A subscriber gets the event on a channel when they have that channel's address and either it
 * is the outcome of their own organisation's offer, or at least one of their subscriptions
 * covers it: every filter of the subscription holds, an empty filter holds for anything, and a
 * filter on something the event does not know (its region, hazard or severity) does not hold.
 * Rows are per (subscriber, channel), so several matching subscriptions still give one message.
 * A number that sent STOP gets no SMS (sms_suppressions); its owner keeps email.
 * Feedback is heard only by a subscription naming its type (OPT_IN_EVENT_TYPES), and by a partner
 * only about an item it delivered for that incident (feedback_deliveries: what its agency may read
 * over the API too); the ministry's staff read it as `operator`, partners as `partner`.
 * A drill (an exercise or test incident, its requests and offers) reaches only subscribers who
 * opted into them (`receive_exercises`), on every channel and whatever their subscriptions say:
 * a drill that texts a district akim "Extreme earthquake" is a real harm.
 *
 * Returns the condition, the SQL of each row's audience, and their parameters, numbered from
 * `first`.
 */
export function recipientCondition(
  facts: EventFacts,
  first: number,
): { sql: string; audience: string; params: unknown[] } {
  const p = (n: number) => `$${first + n}`;
  const ownOffer = PARTNER_OWN_OFFER_EVENTS.includes(facts.type) && facts.partnerCode !== null;
  // The partner whose offer it is reads "your offer" of every offer event it hears of (a
  // withdrawal it subscribed to too), but hears without subscribing only of the outcomes.
  const isOwner = `upper(s.organisation) = upper(${p(1)}::text)`;
  const owner = `(${p(0)}::boolean AND ${isOwner})`;
  const feedback = OPT_IN_EVENT_TYPES.includes(facts.type);
  const isOperator = `lower(s.organisation) = '${MINISTRY}'`;
  // `@>` with a one-element array lets PostgreSQL use the GIN indexes on the filter arrays.
  const sql = `
    (CASE c.channel WHEN 'email' THEN s.email ELSE s.phone END) IS NOT NULL
    AND (c.channel <> 'sms' OR NOT EXISTS (SELECT 1 FROM sms_suppressions z WHERE z.phone = s.phone))
    AND (${p(7)}::text = 'actual' OR s.receive_exercises)
    AND (
      ${owner}
      OR EXISTS (
        SELECT 1 FROM subscriptions x
         WHERE x.subscriber_id = s.id
           AND ((NOT ${p(9)}::boolean AND cardinality(x.event_types) = 0)
                OR x.event_types @> ARRAY[${p(2)}::text])
           AND (cardinality(x.regions) = 0 OR x.regions @> ARRAY[${p(3)}::text])
           AND (cardinality(x.hazards) = 0 OR x.hazards @> ARRAY[${p(4)}::text])
           AND (cardinality(x.incident_ids) = 0 OR x.incident_ids @> ARRAY[${p(10)}::uuid])
           AND (cardinality(x.item_codes) = 0 OR x.item_codes @> ARRAY[${p(11)}::text])
           AND (x.min_severity IS NULL
                OR array_position(${p(5)}::text[], x.min_severity::text) <= ${p(6)}::int)))
    AND (NOT ${p(9)}::boolean OR ${isOperator}
         OR EXISTS (SELECT 1 FROM feedback_deliveries d
                     WHERE d.partner_code = upper(s.organisation)
                       AND d.incident_id = ${p(10)}::uuid AND d.item_code = ${p(11)}::text))`;
  return {
    sql,
    audience: `CASE WHEN ${p(9)}::boolean THEN (CASE WHEN ${isOperator} THEN 'operator' ELSE 'partner' END)
                    WHEN ${p(8)}::boolean AND ${isOwner} THEN 'owner' ELSE 'others' END`,
    params: [
      ownOffer,
      facts.partnerCode ?? '',
      facts.type,
      facts.region,
      facts.hazard,
      SEVERITY_ORDER,
      facts.severity ? severityRank(facts.severity) : null,
      facts.mode,
      facts.type.startsWith('offer.') && facts.partnerCode !== null,
      feedback,
      facts.incidentId,
      facts.itemCode,
    ],
  };
}
