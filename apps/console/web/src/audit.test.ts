import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from './api';
import {
  actionKey,
  actionWord,
  actorText,
  auditChanges,
  auditPath,
  AUDIT_ACTIONS,
  cascadeText,
  chainReportText,
  changeText,
  fetchAuditPage,
  fetchChainReport,
  type AuditEntry,
  type AuditPage,
} from './audit';
import vocabulary from './generated/vocabulary.json';
import { translator } from './i18n-testing';

const T = { kk: translator('kk'), ru: translator('ru'), en: translator('en') };

const quantityCut: AuditEntry = {
  id: 'a1',
  chainSeq: 12,
  occurredAt: '2026-04-02T06:30:00.000Z',
  actor: { subject: 'aliya', organisationId: null, roles: ['operator'] },
  correlationId: 'c1',
  causationId: null,
  eventId: '0b6f3c1e-2d4a-4e5f-8a9b-0c1d2e3f4a5b',
  objectType: 'request',
  objectId: 'r1',
  action: 'request.updated',
  changes: { quantity: 300, previousQuantity: 400, changedFields: ['quantity'], status: 'open' },
};

describe('the audit trail through the gateway', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setAccessToken(null);
  });

  it('asks the service that keeps the object, page by page', () => {
    expect(auditPath('request', 'r1')).toBe(
      '/api/request/admin/audit?object=r1&type=request&limit=20',
    );
    expect(auditPath('subscriber', 's 1', 'next/2')).toBe(
      '/api/notification/admin/audit?object=s+1&type=subscriber&cursor=next%2F2&limit=20',
    );
  });

  it('reads a page with the user’s token and gives the entries and the next cursor', async () => {
    const page: AuditPage = { items: [quantityCut], nextCursor: 'n2' };
    const calls: { path: string; headers: Record<string, string> }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string, init: RequestInit) => {
        calls.push({ path, headers: init.headers as Record<string, string> });
        return Promise.resolve(new Response(JSON.stringify(page), { status: 200 }));
      }),
    );
    setAccessToken('tok');
    expect(await fetchAuditPage('incident', 'i1', 'n1')).toEqual(page);
    expect(calls.map((c) => c.path)).toEqual([
      '/api/incident/admin/audit?object=i1&type=incident&cursor=n1&limit=20',
    ]);
    expect(calls[0]?.headers.Authorization).toBe('Bearer tok');
  });

  it('reads each service’s chain report, and a refusal is an error (not an empty history)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string) =>
        Promise.resolve(
          path === '/api/offer/admin/audit/verify'
            ? new Response(JSON.stringify({ ok: true, sealed: 3, unsealed: 0, firstProblem: null }))
            : new Response(JSON.stringify({ status: 403, code: 'role_required', detail: '' }), {
                status: 403,
              }),
        ),
      ),
    );
    expect(await fetchChainReport('offer')).toEqual({
      ok: true,
      sealed: 3,
      unsealed: 0,
      firstProblem: null,
    });
    await expect(fetchAuditPage('offer', 'o1')).rejects.toMatchObject({
      problem: { status: 403, code: 'role_required' },
    });
  });
});

describe('the actions in words', () => {
  it('has words in kk, ru and en for every event type of the catalogue and the other changes', () => {
    expect(AUDIT_ACTIONS).toEqual(expect.arrayContaining(vocabulary.eventTypes));
    expect(AUDIT_ACTIONS).toContain('subscriber.updated');
    for (const action of AUDIT_ACTIONS) {
      for (const lang of ['kk', 'ru', 'en'] as const) {
        const word = actionWord(T[lang], action);
        expect(word, `${lang} ${action}`).not.toBe(action);
        expect(word, `${lang} ${action}`).not.toMatch(/^audit\./);
      }
    }
  });

  it('says what happened in each language', () => {
    expect(actionWord(T.en, 'request.quantity-changed')).toBe('quantity changed');
    expect(actionWord(T.ru, 'request.quantity-changed')).toBe('изменено количество');
    expect(actionWord(T.kk, 'request.quantity-changed')).toBe('саны өзгертілді');
    expect(actionWord(T.en, 'incident.status-changed')).toBe('status changed');
    expect(actionWord(T.ru, 'offer.accepted')).toBe('предложение принято');
    expect(actionWord(T.kk, 'offer.accepted')).toBe('ұсыныс қабылданды');
  });

  it('shows an action it has no words for as its code', () => {
    expect(actionKey('request.teleported')).toBeUndefined();
    expect(actionWord(T.kk, 'request.teleported')).toBe('request.teleported');
    expect(actionWord(T.en, 'toString')).toBe('toString');
  });
});

describe('what changed', () => {
  it('pairs an event’s previous value with the new one, and skips unchanged fields', () => {
    expect(auditChanges(quantityCut.changes)).toEqual([
      { field: 'quantity', before: 400, after: 300 },
    ]);
    expect(
      auditChanges({
        coverage: { requested: 400, pledged: 250, delivered: 0, remaining: 150 },
        previousCoverage: { requested: 400, pledged: 0, delivered: 0, remaining: 400 },
        status: 'partially-pledged',
        previousStatus: 'open',
      }),
    ).toEqual([
      { field: 'coverage.pledged', before: 0, after: 250 },
      { field: 'coverage.remaining', before: 400, after: 150 },
      { field: 'status', before: 'open', after: 'partially-pledged' },
    ]);
  });

  it('gives the new value of named fields and of what an event tells by itself', () => {
    expect(
      auditChanges({ quantity: 250, changedFields: ['quantity'], previousQuantity: null }),
    ).toEqual([]);
    expect(
      auditChanges({ quantity: 300, acceptedQuantity: 250, reason: null, status: 'accepted' }),
    ).toEqual([{ field: 'acceptedQuantity', after: 250 }]);
    expect(
      auditChanges({ areaDescription: 'Kargaly', changedFields: ['areaDescription'] }),
    ).toEqual([{ field: 'areaDescription', after: 'Kargaly' }]);
  });

  it('compares before and after of a change that is no event, field by field', () => {
    expect(
      auditChanges({
        before: { name: 'Dana', phone: null, channels: ['email'], version: 1 },
        after: { name: 'Dana', phone: '+77010000000', channels: ['email', 'sms'], version: 2 },
      }),
    ).toEqual([
      { field: 'phone', before: null, after: '+77010000000' },
      { field: 'channels', before: ['email'], after: ['email', 'sms'] },
    ]);
    expect(auditChanges(null)).toEqual([]);
  });

  it('writes a change compactly in the reader’s words and numbers', () => {
    const [cut] = auditChanges(quantityCut.changes);
    if (!cut) throw new Error('no change');
    expect(changeText(T.en, 'en', 'request', cut)).toBe('Quantity: 400 → 300');
    expect(changeText(T.ru, 'ru', 'request', { field: 'quantity', before: 5400, after: 300 })).toBe(
      'Количество: 5\u00a0400 → 300',
    );
    expect(
      changeText(T.kk, 'kk', 'request', { field: 'status', before: 'open', after: 'pledged' }),
    ).toBe('Мәртебесі: ашық → уәде етілді');
    expect(
      changeText(T.ru, 'ru', 'incident', {
        field: 'severity',
        before: 'Moderate',
        after: 'Severe',
      }),
    ).toBe('Тяжесть: умеренная → высокая');
    expect(changeText(T.en, 'en', 'offer', { field: 'acceptedQuantity', after: 250 })).toBe(
      'Accepted: 250',
    );
    // A field without words keeps its name; a missing value is a dash.
    expect(changeText(T.kk, 'kk', 'partner', { field: 'website', before: null, after: 'x' })).toBe(
      'website: — → x',
    );
  });
});

describe('who, and why', () => {
  it('names the actor, their organisation and roles in words', () => {
    expect(actorText(T.en, quantityCut.actor)).toBe('aliya · operator');
    expect(actorText(T.ru, { subject: 'dana', organisationId: 'UNICEF', roles: ['agency'] })).toBe(
      'dana (UNICEF) · агентство',
    );
    expect(actorText(T.kk, { subject: 'svc', organisationId: null, roles: [] })).toBe('svc');
    // Work no person started is signed by the service.
    expect(
      actorText(T.ru, {
        subject: 'system:resource-request-service',
        organisationId: null,
        roles: [],
      }),
    ).toBe('платформа (запросы ресурсов)');
  });

  it('says what a cascade followed, as the change names it, else the id of the event it followed', () => {
    const accepted: AuditEntry = {
      ...quantityCut,
      action: 'request.coverage-changed',
      causationId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20',
      changes: { cause: 'offer-accepted', offerId: 'o1' },
    };
    expect(cascadeText(T.en, accepted)).toBe('automatic, after: offer accepted');
    const closed = { ...accepted, changes: { reasonCode: 'incident-closed' } };
    expect(cascadeText(T.kk, closed)).toBe('автоматты түрде, мынадан кейін: оқиға жабылды');
    expect(cascadeText(T.ru, { ...accepted, changes: { reasonCode: 'operator' } })).toBe(
      'автоматически, вслед за событием 7a6b5c4d',
    );
    expect(cascadeText(T.en, quantityCut)).toBe('');
  });

  it('reports a chain as intact, or where its first problem is', () => {
    expect(
      chainReportText(T.en, 'en', { ok: true, sealed: 1200, unsealed: 2, firstProblem: null }),
    ).toBe('Intact. 1,200 sealed, 2 waiting to be sealed.');
    expect(
      chainReportText(T.ru, 'ru', {
        ok: false,
        sealed: 40,
        unsealed: 0,
        firstProblem: { chainSeq: 17, id: 'x', problem: 'hash-mismatch' },
      }),
    ).toBe(
      'Нарушение на записи 17: запись не совпадает со своей печатью (её изменили). Опечатано: 40, ожидают: 0.',
    );
    expect(
      chainReportText(T.kk, 'kk', { ok: false, sealed: 0, unsealed: 0, firstProblem: null }),
    ).toBe('Бұзылған. Мөрленгені: 0, күтуде: 0.');
  });
});
