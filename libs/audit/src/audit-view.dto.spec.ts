import { AuditEntryDto, AuditVerifyDto } from './audit-view.dto';
import { type AuditItem } from './audit-trail.service';

const item: AuditItem = {
  id: '42',
  chainSeq: '17',
  occurredAt: '2024-04-02T06:00:00.123456Z',
  actor: { subject: 'op-aliya', organisationId: null, roles: ['operator'] },
  correlationId: 'corr-1',
  causationId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c20',
  eventId: '0b6f3c1e-2d4a-4e5f-8a9b-0c1d2e3f4a5b',
  objectType: 'request',
  objectId: 'req-1',
  action: 'request.closed',
  changes: { reasonCode: 'incident-closed' },
};

describe('audit views', () => {
  it('answer chain numbers as JSON numbers (the column is a bigint, read as text)', () => {
    expect(JSON.parse(JSON.stringify(AuditEntryDto.of(item)))).toEqual({ ...item, chainSeq: 17 });
    expect(AuditEntryDto.of({ ...item, chainSeq: null }).chainSeq).toBeNull();
    const report = AuditVerifyDto.of({
      ok: false,
      sealed: 3,
      unsealed: 0,
      firstProblem: { chainSeq: '2', id: '20', problem: 'missing-seq' },
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual({
      ok: false,
      sealed: 3,
      unsealed: 0,
      firstProblem: { chainSeq: 2, id: '20', problem: 'missing-seq' },
    });
    expect(AuditVerifyDto.of({ ok: true, sealed: 0, unsealed: 0, firstProblem: null })).toEqual({
      ok: true,
      sealed: 0,
      unsealed: 0,
      firstProblem: null,
    });
  });
});
