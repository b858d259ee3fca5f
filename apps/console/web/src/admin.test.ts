import { describe, expect, it } from 'vitest';
import {
  changedByOthers,
  CONSUMERS,
  DEAD_LETTER_REASONS,
  partnerBody,
  partnerFields,
  PARTNER_KINDS,
  PARTNER_ORIGINS,
  topicKey,
  type Partner,
} from './admin';
import { ApiError, isStale } from './api';
import { en } from './locales/en';
import { kk } from './locales/kk';
import { ru } from './locales/ru';
import { choices, formBinding } from './ui';

const unicef: Partner = {
  code: 'UNICEF',
  name: "United Nations Children's Fund",
  kind: 'un-agency',
  origin: 'international',
  contactEmail: null,
  contactPhone: '+77172000000',
  version: 3,
};

describe('the partner form', () => {
  it('starts from what the registry holds, a missing contact as blank', () => {
    expect(partnerFields(unicef)).toEqual({
      code: 'UNICEF',
      name: "United Nations Children's Fund",
      kind: 'un-agency',
      origin: 'international',
      contactEmail: '',
      contactPhone: '+77172000000',
    });
    expect(partnerFields(undefined).name).toBe('');
  });

  it('registers with the blank fields left out', () => {
    const fields = { ...partnerFields(undefined), code: 'ZHARDEM', name: 'Zhardem', kind: 'ngo' };
    expect(partnerBody(fields)).toEqual({ code: 'ZHARDEM', name: 'Zhardem', kind: 'ngo' });
  });

  it('edits with only what this user changed, a cleared contact as null so that it is removed', () => {
    const fields = { ...partnerFields(unicef), name: 'UNICEF Kazakhstan', contactPhone: '' };
    expect(partnerBody(fields, unicef)).toEqual({ name: 'UNICEF Kazakhstan', contactPhone: null });
    expect(partnerBody(partnerFields(unicef), unicef)).toEqual({});
  });

  it('applied to a newer version, keeps what someone else changed in between', () => {
    const mine = { ...partnerFields(unicef), name: 'UNICEF Kazakhstan' };
    // Someone else set an e-mail meanwhile: the body does not send the blank one this form holds.
    expect(partnerBody(mine, unicef)).not.toHaveProperty('contactEmail');
  });

  it('names the fields someone else changed since the edit began', () => {
    const now = { ...unicef, name: 'UNICEF Kazakhstan', contactEmail: 'kz@unicef.org', version: 4 };
    expect(changedByOthers(unicef, now)).toEqual(['name', 'contactEmail']);
    expect(changedByOthers(unicef, { ...unicef, version: 4 })).toEqual([]);
  });
});

describe('a stale answer', () => {
  it('is a 412 from the API, nothing else', () => {
    expect(isStale(new ApiError({ status: 412, code: 'stale_version', detail: '' }))).toBe(true);
    expect(isStale(new ApiError({ status: 409, code: 'partner_exists', detail: '' }))).toBe(false);
    expect(isStale(new Error('412'))).toBe(false);
    expect(isStale(null)).toBe(false);
  });
});

describe('form fields', () => {
  it('bind a key of the form: its value, its change, and the schema field of its message', () => {
    let form = { name: 'a', address: '' };
    const bind = formBinding(form, (next) => (form = next), []);
    const address = bind('address', 'location.address');
    expect(address).toMatchObject({ value: '', field: 'location.address', errors: [] });
    address.onChange({ target: { value: 'Aktobe' } });
    expect(form).toEqual({ name: 'a', address: 'Aktobe' });
    expect(bind('name').field).toBeUndefined();
  });

  it('offer codes as choices in the reader’s words', () => {
    expect(choices(['a', 'b'], (c) => c.toUpperCase())).toEqual([
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ]);
  });
});

describe('the administration screen in every language', () => {
  it.each([
    ['en', en],
    ['kk', kk],
    ['ru', ru],
  ])(
    '%s has a word for every partner kind, origin, dead-letter reason, service and topic',
    (_, m) => {
      for (const kind of PARTNER_KINDS) expect(m.admin.kindName[kind], kind).toBeTruthy();
      for (const origin of PARTNER_ORIGINS) expect(m.requests.scope[origin], origin).toBeTruthy();
      const reasons = m.admin.reasonName as Record<string, string>;
      for (const reason of DEAD_LETTER_REASONS) expect(reasons[reason], reason).toBeTruthy();
      const services = m.admin.serviceName as Record<string, string>;
      const topics = m.admin.topicName as Record<string, string>;
      for (const [service, consumed] of Object.entries(CONSUMERS)) {
        expect(services[service], service).toBeTruthy();
        for (const topic of consumed) expect(topics[topicKey(topic)], topic).toBeTruthy();
      }
    },
  );
});
