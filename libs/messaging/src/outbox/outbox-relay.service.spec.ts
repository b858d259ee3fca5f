import { fitBatch, type PendingRow } from './outbox-relay.service';

const row = (kib: number): PendingRow => ({
  id: String(kib),
  topic: 'incident.events',
  key: 'k',
  value: 'x'.repeat(kib * 1024),
  headers: {},
});

describe('fitBatch', () => {
  it('keeps a batch whose values fit in 512 KiB', () => {
    const rows = [row(100), row(200), row(200)];
    expect(fitBatch(rows)).toEqual(rows);
  });

  it('cuts the batch before the row that would exceed it, keeping the order', () => {
    expect(fitBatch([row(200), row(200), row(200), row(1)]).map((r) => r.id)).toEqual([
      '200',
      '200',
    ]);
  });

  it('always sends at least one row', () => {
    expect(fitBatch([row(600), row(1)]).map((r) => r.id)).toEqual(['600']);
    expect(fitBatch([])).toEqual([]);
  });
});
