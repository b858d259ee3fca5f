import { describe, expect, it } from 'vitest';
import {
  LEDGER_CHANNELS,
  LEDGER_STATUSES,
  RECEIPT_STATES,
  ledgerPath,
  ledgerWord,
  ledgerWordKey,
  type LedgerWordKind,
} from './ledger';
import { en } from './locales/en';
import { kk } from './locales/kk';
import { ru } from './locales/ru';

/** The text of a dotted key in a locale, or undefined. */
function lookup(messages: object, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

describe('the delivery ledger', () => {
  it("reads the caller's own ledger from /subscribers/me/notifications, a chosen one from /notifications", () => {
    expect(ledgerPath({ mine: true })).toBe(
      '/api/notification/subscribers/me/notifications?limit=100',
    );
    expect(ledgerPath({ subscriberId: 'a1b2' })).toBe(
      '/api/notification/notifications?subscriberId=a1b2&limit=100',
    );
  });

  const codes: [LedgerWordKind, readonly string[]][] = [
    ['status', LEDGER_STATUSES],
    ['channel', LEDGER_CHANNELS],
    ['receipt', RECEIPT_STATES],
  ];

  it.each(codes)('has a word in kk, ru and en for every %s', (kind, list) => {
    for (const code of list) {
      const key = ledgerWordKey(kind, code);
      expect(key, `${kind} ${code}`).toBeDefined();
      for (const [lang, messages] of [
        ['kk', kk],
        ['ru', ru],
        ['en', en],
      ] as const) {
        expect(lookup(messages, key ?? ''), `${lang} ${key}`).toBeTruthy();
      }
    }
  });

  it('shows the words of known codes and an unknown code as it is', () => {
    const t = (key: string) => lookup(kk, key) ?? `missing ${key}`;
    expect(ledgerWord(t, 'status', 'failed')).toBe(kk.subscriptions.statusName.failed);
    expect(ledgerWord(t, 'channel', 'sms')).toBe(kk.subscriptions.channelName.sms);
    expect(ledgerWord(t, 'receipt', 'DELIVRD')).toBe(kk.subscriptions.receiptName.DELIVRD);
    expect(ledgerWord(t, 'status', 'archived')).toBe('archived');
    expect(ledgerWordKey('channel', 'toString')).toBeUndefined();
  });
});
