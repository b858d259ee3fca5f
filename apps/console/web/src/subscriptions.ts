import { actionWord } from './audit';
import type { Translate } from './problems';
import { SUBSCRIPTION_EVENT_TYPES } from './subscription-event-types';
import type { Incident } from './types';
import { hazardName, itemName, regionName, severityName, type Language } from './vocabulary';

export interface Subscription {
  id: string;
  eventTypes: string[];
  regions: string[];
  hazards: string[];
  incidentIds: string[];
  itemCodes: string[];
  minSeverity: string | null;
}

export interface SubscriptionFields {
  eventTypes: string[];
  regions: string[];
  hazards: string[];
  incidentIds: string[];
  itemCodes: string[];
  minSeverity: string;
}

export const NO_SUBSCRIPTION: SubscriptionFields = {
  eventTypes: [],
  regions: [],
  hazards: [],
  incidentIds: [],
  itemCodes: [],
  minSeverity: '',
};

/** The body of POST /subscribers/:id/subscriptions: event types in catalogue order, no blanks. */
export function subscriptionBody(form: SubscriptionFields): Partial<SubscriptionFields> {
  const body: Partial<SubscriptionFields> = {};
  const eventTypes = SUBSCRIPTION_EVENT_TYPES.filter((e) => form.eventTypes.includes(e));
  if (eventTypes.length) body.eventTypes = eventTypes;
  for (const key of ['regions', 'hazards', 'incidentIds', 'itemCodes'] as const) {
    if (form[key].length) body[key] = form[key];
  }
  if (form.minSeverity) body.minSeverity = form.minSeverity;
  return body;
}

/** Ticks or unticks one event type. */
export function toggled(list: readonly string[], code: string, on: boolean): string[] {
  return on ? [...new Set([...list, code])] : list.filter((c) => c !== code);
}

export interface SubscriptionLine {
  field: 'eventTypes' | 'regions' | 'hazards' | 'incidentIds' | 'itemCodes' | 'minSeverity';
  label: string;
  text: string;
}

/**
 * A subscription in the reader's words, one line per filter. An incident the console has not
 * loaded is shown by its id, an event type without words by its code.
 */
export function subscriptionLines(
  s: Subscription,
  t: Translate,
  lang: Language,
  incidents: readonly Pick<Incident, 'id' | 'reference' | 'title'>[],
): SubscriptionLine[] {
  const listed = (codes: readonly string[], word: (code: string) => string, none: string) =>
    codes.length ? codes.map(word).join(', ') : none;
  const incident = (id: string): string => {
    const found = incidents.find((i) => i.id === id);
    return found ? `${found.reference} · ${found.title}` : id;
  };
  return [
    {
      field: 'eventTypes',
      label: t('subscriptions.eventTypes'),
      text: listed(s.eventTypes, (e) => actionWord(t, e), t('subscriptions.allButFeedback')),
    },
    {
      field: 'regions',
      label: t('field.region'),
      text: listed(s.regions, (r) => regionName(r, lang), t('common.all')),
    },
    {
      field: 'hazards',
      label: t('field.hazard'),
      text: listed(s.hazards, (h) => hazardName(h, lang), t('common.all')),
    },
    {
      field: 'incidentIds',
      label: t('subscriptions.incidents'),
      text: listed(s.incidentIds ?? [], incident, t('common.all')),
    },
    {
      field: 'itemCodes',
      label: t('subscriptions.items'),
      text: listed(
        s.itemCodes ?? [],
        (code) => itemName({ code, name: code }, lang),
        t('common.all'),
      ),
    },
    {
      field: 'minSeverity',
      label: t('subscriptions.minSeverity'),
      text: s.minSeverity ? severityName(s.minSeverity, lang) : t('common.none'),
    },
  ];
}
