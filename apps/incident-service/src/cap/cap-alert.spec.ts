import {
  capProblems,
  CAP_NS,
  CAP_TIME,
  child,
  childNames,
  childText,
  parseXml,
  type ParsedElement,
} from '@relief/testing';
import type { IncidentState } from '../incidents/incident';
import { capDateTime, capMsgType, renderCapAlert } from './cap-alert';
import { CAP_TEST_INCIDENT, CAP_TEST_SENDER } from './cap-alert.fixtures';

const sender = CAP_TEST_SENDER;
const base = CAP_TEST_INCIDENT;

function render(incident: Partial<IncidentState>, previousSentAt?: Date): ParsedElement {
  const xml = renderCapAlert(
    { incident: { ...base, ...incident }, regionName: 'Aktobe Region', previousSentAt },
    sender,
  );
  expect(capProblems(xml)).toEqual([]);
  return parseXml(xml);
}

const infos = (alert: ParsedElement) => alert.children.filter((c) => c.name === 'info');
const infoIn = (alert: ParsedElement, tag: string) => {
  const found = infos(alert).find((i) => childText(i, 'language') === tag);
  if (!found) throw new Error(`no info block in ${tag}`);
  return found;
};
/** The English block (CAP's default language). */
const info = (alert: ParsedElement) => infoIn(alert, 'en-US');
const parameters = (alert: ParsedElement) =>
  Object.fromEntries(
    info(alert)
      .children.filter((c) => c.name === 'parameter')
      .map((p) => [childText(p, 'valueName'), childText(p, 'value')]),
  );

describe('CAP 1.2 alert', () => {
  it('renders a first report as a valid Alert with every element consumers need', () => {
    const alert = render({});
    expect(alert.attributes.xmlns).toBe(CAP_NS);
    expect(childNames(alert)).toEqual([
      'identifier',
      'sender',
      'sent',
      'status',
      'msgType',
      'scope',
      'incidents',
      'info',
      'info',
      'info',
    ]);
    expect(childText(alert, 'identifier')).toBe('FL-2024-KZ-AKT-0007-v1');
    expect(childText(alert, 'sender')).toBe('alerts@emergency.gov.kz');
    expect(childText(alert, 'sent')).toBe('2024-04-02T06:00:00-00:00');
    expect(childText(alert, 'status')).toBe('Actual');
    expect(childText(alert, 'msgType')).toBe('Alert');
    expect(childText(alert, 'scope')).toBe('Public');
    expect(childText(alert, 'incidents')).toBe('FL-2024-KZ-AKT-0007');

    const i = info(alert);
    expect(childText(i, 'language')).toBe('en-US');
    expect(childText(i, 'category')).toBe('Met');
    expect(childText(i, 'event')).toBe('Flood');
    expect(childText(i, 'urgency')).toBe('Immediate');
    expect(childText(i, 'severity')).toBe('Severe');
    expect(childText(i, 'certainty')).toBe('Observed');
    expect(childText(i, 'onset')).toBe('2024-04-02T05:30:00-00:00');
    expect(childText(i, 'senderName')).toBe('Ministry for Emergency Situations');
    expect(childText(i, 'headline')).toBe('Spring flood on the Ilek river');
    expect(childText(i, 'description')).toContain('Ice jam downstream of Aktobe');
    expect(childText(i, 'description')).toContain('People affected: 2300; evacuated: 2300');
    expect(childText(child(i, 'eventCode'), 'value')).toBe('FL');
    expect(parameters(alert)).toMatchObject({
      incidentReference: 'FL-2024-KZ-AKT-0007',
      peopleAffected: '2300',
      peopleEvacuated: '2300',
      homesDamaged: '120',
    });

    const area = child(i, 'area');
    expect(childText(area, 'areaDesc')).toBe('Badamsha, Kargaly district, Aktobe Region');
    expect(childText(area, 'circle')).toBe('50.2839,57.166 15');
    expect(childText(child(area, 'geocode'), 'valueName')).toBe('ISO3166-2');
    expect(childText(child(area, 'geocode'), 'value')).toBe('KZ-15');
  });

  it('renders later versions as an Update referencing the previous message', () => {
    const alert = render(
      { version: 4, status: 'active', updatedAt: new Date('2024-04-03T10:00:00Z') },
      new Date('2024-04-03T08:15:30.500Z'),
    );
    expect(childText(alert, 'msgType')).toBe('Update');
    expect(childText(alert, 'identifier')).toBe('FL-2024-KZ-AKT-0007-v4');
    expect(childText(alert, 'references')).toBe(
      'alerts@emergency.gov.kz,FL-2024-KZ-AKT-0007-v3,2024-04-03T08:15:30-00:00',
    );
    expect(info(alert).children.some((c) => c.name === 'responseType')).toBe(false);
  });

  it('renders a cancelled (false) report as a Cancel with the reason as note', () => {
    const alert = render(
      { version: 2, status: 'cancelled', statusReason: 'Duplicate of FL-2024-KZ-AKT-0006' },
      base.updatedAt,
    );
    expect(childText(alert, 'msgType')).toBe('Cancel');
    expect(childText(alert, 'note')).toBe('Duplicate of FL-2024-KZ-AKT-0006');
    expect(childText(alert, 'references')).toMatch(/,FL-2024-KZ-AKT-0007-v1,/);
  });

  it('renders a closed incident as an all-clear Update with urgency Past', () => {
    const alert = render({ version: 9, status: 'closed' }, base.updatedAt);
    expect(childText(alert, 'references')).toMatch(/,FL-2024-KZ-AKT-0007-v8,/);
    expect(childText(alert, 'msgType')).toBe('Update');
    expect(childText(info(alert), 'responseType')).toBe('AllClear');
    expect(childText(info(alert), 'urgency')).toBe('Past');
    expect(alert.children.some((c) => c.name === 'note')).toBe(false);
  });

  it('matches msgType to the history for every status', () => {
    expect(capMsgType({ version: 1, status: 'reported' })).toBe('Alert');
    expect(capMsgType({ version: 2, status: 'active' })).toBe('Update');
    expect(capMsgType({ version: 3, status: 'contained' })).toBe('Update');
    expect(capMsgType({ version: 5, status: 'closed' })).toBe('Update');
    expect(capMsgType({ version: 2, status: 'cancelled' })).toBe('Cancel');
  });

  it('has one info block per language, in the platform vocabulary of each', () => {
    const alert = render({ location: null, district: null, settlement: null });
    expect(infos(alert).map((i) => childText(i, 'language'))).toEqual(['kk-KZ', 'ru-KZ', 'en-US']);
    const kk = infoIn(alert, 'kk-KZ');
    const ru = infoIn(alert, 'ru-KZ');
    expect(childText(kk, 'event')).toBe('Су тасқыны');
    expect(childText(ru, 'event')).toBe('Наводнение');
    expect(childText(info(alert), 'event')).toBe('Flood');
    expect(childText(child(kk, 'area'), 'areaDesc')).toBe('Ақтөбе облысы');
    expect(childText(child(ru, 'area'), 'areaDesc')).toBe('Актюбинская область');
    expect(childText(ru, 'description')).toContain('Тяжесть: высокая. Срочность: немедленно.');
    expect(childText(kk, 'description')).toContain('Ауырлығы: жоғары.');
    // The coded values stay CAP's own, the same in every block.
    for (const block of infos(alert)) {
      expect(childText(block, 'severity')).toBe('Severe');
      expect(childText(block, 'headline')).toBe(base.title);
    }
  });

  it('leaves the circle out without coordinates and names only the region', () => {
    const area = child(info(render({ location: null, district: null, settlement: null })), 'area');
    expect(childNames(area)).toEqual(['areaDesc', 'geocode']);
    expect(childText(area, 'areaDesc')).toBe('Aktobe Region');
  });

  it('writes coordinates in plain decimal notation', () => {
    const area = child(
      info(render({ location: { latitude: 0.0000001, longitude: -179.9999999, radiusKm: 0 } })),
      'area',
    );
    expect(childText(area, 'circle')).toBe('0,-180 0');
  });

  it('keeps hostile operator text as text and the document valid', () => {
    const hostile = '</description></info><info><event>Fake</event>&amp; <![CDATA[x]]> \u0000';
    const alert = render(
      {
        title: hostile,
        description: hostile,
        district: '"><script>',
        statusReason: hostile,
        status: 'cancelled',
        version: 2,
      },
      base.updatedAt,
    );
    expect(infos(alert)).toHaveLength(3);
    expect(childText(info(alert), 'headline')).toBe(hostile.replace('\u0000', ''));
    expect(childText(info(alert), 'description')).toContain('</info><info>');
    expect(childText(alert, 'note')).toBe(hostile.replace('\u0000', ''));
  });

  it('shortens long headlines to 160 characters without splitting a character', () => {
    const title = '🌊'.repeat(200);
    const headline = childText(info(render({ title })), 'headline');
    expect(Array.from(headline)).toHaveLength(160);
    expect(headline.endsWith('…')).toBe(true);
  });

  it('maps hazards to CAP categories and event names', () => {
    expect(childText(info(render({ hazard: 'EQ' })), 'category')).toBe('Geo');
    expect(childText(info(render({ hazard: 'WF' })), 'category')).toBe('Fire');
    expect(childText(info(render({ hazard: 'MS' })), 'event')).toBe('Mudflow');
    expect(childText(info(render({ hazard: 'EP' })), 'category')).toBe('Health');
  });

  it('formats CAP times without fractions and with -00:00 for UTC', () => {
    expect(capDateTime(new Date('2024-12-31T23:59:59.999Z'))).toBe('2024-12-31T23:59:59-00:00');
    expect(capDateTime(new Date())).toMatch(CAP_TIME);
  });

  it('is caught by the structure check when elements are out of order', () => {
    const xml = renderCapAlert({ incident: base, regionName: 'Aktobe Region' }, sender).replace(
      /<identifier>.*<\/identifier>\n\s*/,
      '',
    );
    expect(capProblems(xml)).toContain('alert: <identifier> is required');
    expect(capProblems('<alert xmlns="x"><identifier>a</alert>')[0]).toMatch(/not well-formed/);
  });
});
