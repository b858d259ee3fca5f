import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import type { IncidentState } from '../incidents/incident';
import { renderCapAlert } from './cap-alert';
import { CAP_TEST_INCIDENT, CAP_TEST_SENDER } from './cap-alert.fixtures';

/**
 * The CAP messages against the official OASIS CAP 1.2 schema, with libxml2's validator
 * (xmllint-wasm). The schema is committed in libs/exchange/schemas (source and licence in
 * docs/third-party-data.md).
 */
const schema = readFileSync(
  join(__dirname, '../../../../libs/exchange/schemas/CAP-v1.2.xsd'),
  'utf8',
);

// Text that must be escaped, so the schema sees it as the service writes it.
const base: IncidentState = {
  ...CAP_TEST_INCIDENT,
  title: 'Spring flood <Ilek> & "river"',
  description: 'Ice jam downstream of Aktobe.',
};
const sender = CAP_TEST_SENDER;

const cases: [string, Partial<IncidentState>, Date | undefined][] = [
  ['a first Alert', {}, undefined],
  ['an Update', { version: 3, status: 'active' }, new Date('2024-04-02T07:00:00Z')],
  ['a Cancel', { version: 2, status: 'cancelled', statusReason: 'false report' }, base.updatedAt],
  ['an all-clear', { version: 5, status: 'closed', location: null }, base.updatedAt],
];

describe('CAP 1.2 messages against the OASIS XSD', () => {
  it.each(cases)('%s is valid', async (_name, patch, previousSentAt) => {
    const xml = renderCapAlert(
      { incident: { ...base, ...patch }, regionName: 'Aktobe Region', previousSentAt },
      sender,
    );
    const result = await validateXML({
      xml: [{ fileName: 'alert.xml', contents: xml }],
      schema: [{ fileName: 'CAP-v1.2.xsd', contents: schema }],
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('rejects a message the schema forbids (the validator is really on)', async () => {
    const xml = renderCapAlert({ incident: base, regionName: 'Aktobe Region' }, sender).replace(
      '<scope>Public</scope>',
      '<scope>Everyone</scope>',
    );
    const result = await validateXML({
      xml: [{ fileName: 'alert.xml', contents: xml }],
      schema: [{ fileName: 'CAP-v1.2.xsd', contents: schema }],
    });
    expect(result.valid).toBe(false);
  });
});
