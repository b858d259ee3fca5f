import { describe, expect, it } from 'vitest';
import { actionKey } from './audit';
import vocabulary from './generated/vocabulary.json';
import { translator } from './i18n-testing';
import { SUBSCRIPTION_EVENT_GROUPS, SUBSCRIPTION_EVENT_TYPES } from './subscription-event-types';
import {
  NO_SUBSCRIPTION,
  subscriptionBody,
  subscriptionLines,
  toggled,
  type Subscription,
} from './subscriptions';
import type { Language } from './vocabulary';

const INCIDENT = { id: '0b7d7d8e-1c1a-4d5e-9f00-000000000001', reference: 'INC-7', title: 'Ilek' };
const FEEDBACK_ON_KITS: Subscription = {
  id: 's1',
  eventTypes: ['feedback.received', 'feedback.categorised'],
  regions: [],
  hazards: [],
  incidentIds: [INCIDENT.id, '0b7d7d8e-1c1a-4d5e-9f00-00000000ffff'],
  itemCodes: ['WASH-HYGIENE-KIT'],
  minSeverity: null,
};
const text = (s: Subscription, lang: Language) =>
  Object.fromEntries(
    subscriptionLines(s, translator(lang), lang, [INCIDENT]).map((l) => [l.field, l.text]),
  );

describe('the event types a subscription may name', () => {
  it('are catalogue event types, each once, each with the audit history’s words', () => {
    expect(new Set(SUBSCRIPTION_EVENT_TYPES).size).toBe(SUBSCRIPTION_EVENT_TYPES.length);
    for (const type of SUBSCRIPTION_EVENT_TYPES) {
      expect(vocabulary.eventTypes, type).toContain(type);
      expect(actionKey(type), type).toBeDefined();
    }
    for (const [group, types] of Object.entries(SUBSCRIPTION_EVENT_GROUPS)) {
      for (const type of types) expect(type.startsWith(`${group}.`), type).toBe(true);
    }
  });

  it('include the feedback types, which are heard only when named', () => {
    expect(SUBSCRIPTION_EVENT_GROUPS.feedback).toEqual([
      'feedback.received',
      'feedback.categorised',
    ]);
  });
});

describe('subscriptionBody', () => {
  it('sends only what was chosen, event types in catalogue order', () => {
    const ticked = toggled(toggled([], 'feedback.categorised', true), 'feedback.received', true);
    expect(
      subscriptionBody({ ...NO_SUBSCRIPTION, eventTypes: ticked, itemCodes: ['WASH-HYGIENE-KIT'] }),
    ).toEqual({
      eventTypes: ['feedback.received', 'feedback.categorised'],
      itemCodes: ['WASH-HYGIENE-KIT'],
    });
    expect(subscriptionBody(NO_SUBSCRIPTION)).toEqual({});
    expect(
      subscriptionBody({ ...NO_SUBSCRIPTION, regions: ['KZ-15'], minSeverity: 'Severe' }),
    ).toEqual({ regions: ['KZ-15'], minSeverity: 'Severe' });
  });

  it('unticks an event type', () => {
    expect(toggled(['incident.reported', 'feedback.received'], 'incident.reported', false)).toEqual(
      ['feedback.received'],
    );
    expect(toggled(['incident.reported'], 'incident.reported', true)).toEqual([
      'incident.reported',
    ]);
  });
});

describe('subscriptionLines', () => {
  it('put event types, incidents and items in the reader’s language', () => {
    expect(text(FEEDBACK_ON_KITS, 'en')).toMatchObject({
      eventTypes: 'feedback received, feedback categorised',
      incidentIds: `INC-7 · Ilek, ${FEEDBACK_ON_KITS.incidentIds[1]}`,
      itemCodes: vocabulary.items['WASH-HYGIENE-KIT'].en,
      regions: 'All',
    });
    expect(text(FEEDBACK_ON_KITS, 'kk')).toMatchObject({
      eventTypes: 'пікір алынды, пікірге санат берілді',
      itemCodes: vocabulary.items['WASH-HYGIENE-KIT'].kk,
    });
    expect(text(FEEDBACK_ON_KITS, 'ru')).toMatchObject({
      eventTypes: 'получен отзыв, отзыву присвоена категория',
      itemCodes: vocabulary.items['WASH-HYGIENE-KIT'].ru,
    });
  });

  it('say that a subscription naming no event type hears all but feedback', () => {
    const plain = { ...FEEDBACK_ON_KITS, eventTypes: [], incidentIds: [], itemCodes: [] };
    expect(text(plain, 'en')).toMatchObject({
      eventTypes: 'all except feedback',
      incidentIds: 'All',
      itemCodes: 'All',
    });
    expect(text(plain, 'ru').eventTypes).toBe('все, кроме отзывов');
  });
});
