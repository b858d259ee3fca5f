import { messageReceipt, type PartReceipt, type ReceiptStatus } from './receipts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
const part = (status: ReceiptStatus, minute: number | null = 1, errorCode: string | null = null) =>
  ({ status, errorCode, at: minute === null ? null : at(minute) }) satisfies PartReceipt;

describe('a message’s receipt from its parts', () => {
  it('is none while no part has a receipt (email never gets one)', () => {
    expect(messageReceipt([])).toBeNull();
    expect(messageReceipt([part('submitted', null), part('submitted', null)])).toBeNull();
  });

  it('is delivered only when every part is, at the last part’s time', () => {
    expect(messageReceipt([part('delivered', 3), part('delivered', 5)])).toEqual({
      status: 'delivered',
      errorCode: null,
      at: at(5),
    });
    expect(messageReceipt([part('delivered', 3), part('submitted', null)])?.status).toBe(
      'submitted',
    );
  });

  it('is the worst part otherwise, with that part’s error code and time', () => {
    expect(
      messageReceipt([part('delivered', 1), part('undeliverable', 2, '034'), part('delivered', 3)]),
    ).toEqual({ status: 'undeliverable', errorCode: '034', at: at(2) });
    // A failed part fails the message even while another still waits.
    expect(messageReceipt([part('enroute', 1), part('rejected', 2, '0x0b')])?.status).toBe(
      'rejected',
    );
  });

  it.each<[ReceiptStatus[], ReceiptStatus]>([
    [['rejected', 'undeliverable', 'expired'], 'rejected'],
    [['expired', 'undeliverable'], 'undeliverable'],
    [['deleted', 'expired'], 'expired'],
    [['unknown', 'enroute'], 'enroute'],
    [['unknown', 'delivered'], 'unknown'],
    [['accepted', 'delivered'], 'accepted'],
    [['deleted', 'submitted'], 'deleted'],
  ])('%j gives %s', (statuses, expected) => {
    expect(messageReceipt(statuses.map((s) => part(s)))?.status).toBe(expected);
  });
});
