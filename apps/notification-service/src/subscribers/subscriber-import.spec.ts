import type { NotificationChannel } from '@relief/contracts';
import {
  csvColumnOf,
  csvRowsOf,
  mergeCsvRows,
  readSubscriberCsv,
  SUBSCRIBER_CSV_COLUMNS,
} from './subscriber-csv';
import {
  checkEntry,
  SubscriberImport,
  type ImportedSubscriber,
  type StoredSubscriber,
} from './subscriber-import';

const NOW = new Date('2026-01-02T03:04:05.000Z');
const good = {
  name: 'Aigerim Seitkali',
  organisation: 'ministry',
  email: 'a.seitkali@emer.gov.kz',
  phone: '+77012345678',
  language: 'kk' as const,
  channels: ['email', 'sms'] as NotificationChannel[],
};

function accepted(value: unknown): ImportedSubscriber {
  const result = checkEntry(value, 1);
  if ('refused' in result) throw new Error(JSON.stringify(result.refused));
  return result.subscriber;
}

function refusedOf(value: unknown): { field: string; code: string }[] {
  const result = checkEntry(value, 7);
  if (!('refused' in result)) throw new Error('expected a refusal');
  expect(result.refused.every((r) => r.row === 7)).toBe(true);
  return result.refused.map(({ field, code }) => ({ field, code }));
}

let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

function stored(overrides: Partial<StoredSubscriber> = {}): StoredSubscriber {
  return {
    id: newId(),
    reference: null,
    ...good,
    language: 'kk',
    channels: ['email', 'sms'],
    userId: null,
    receiveExercises: false,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    subscriptions: [],
    ...overrides,
  };
}

describe('checkEntry: the single-subscriber rules, row by row', () => {
  it('takes a good row, the phone in E.164', () => {
    expect(accepted({ ...good, phone: '+7 701 234-56-78' }).phone).toBe('+77012345678');
  });

  it.each([
    [{ phone: '+7701' }, 'phone', 'phone_invalid'],
    [{ email: 'not-an-email' }, 'email', 'email_invalid'],
    [{ language: 'de' }, 'language', 'language_unknown'],
    [{ channels: ['fax'] }, 'channels', 'channel_unknown'],
    [{ organisation: 'no spaces allowed' }, 'organisation', 'organisation_invalid'],
    [{ subscriptions: [{ regions: ['KZ-99'] }] }, 'subscriptions.0.regions', 'region_unknown'],
    [{ subscriptions: [{ hazards: ['XX'] }] }, 'subscriptions.0.hazards', 'hazard_unknown'],
    [
      { subscriptions: [{ minSeverity: 'Huge' }] },
      'subscriptions.0.minSeverity',
      'severity_unknown',
    ],
    [{ colour: 'red' }, 'colour', 'field_unknown'],
    [{ receiveExercises: 'yes' }, 'receiveExercises', 'receive_exercises_invalid'],
    [{ receiveExercises: null }, 'receiveExercises', 'receive_exercises_invalid'],
    [{ name: 'a\nb' }, 'name', 'control_character'],
    [{ name: 'a\u0000b' }, 'name', 'text_unstorable'],
  ])('refuses %j: %s %s', (change, field, code) => {
    expect(refusedOf({ ...good, ...change })).toContainEqual({ field, code });
  });

  it('names every problem of a row, and refuses what is not an object', () => {
    expect(refusedOf({ ...good, email: 'x', phone: '12' }).map((p) => p.field)).toEqual([
      'email',
      'phone',
    ]);
    expect(refusedOf(['x'])).toEqual([{ field: 'row', code: 'row_invalid' }]);
  });
});

describe('SubscriberImport: matched on the natural key', () => {
  it('creates, updates and leaves alone, by reference, else email, else phone', () => {
    const byRef = stored({ reference: 'HR-1', email: 'other@emer.gov.kz' });
    const byEmail = stored({ email: 'A.SEITKALI@emer.gov.kz' });
    const byPhone = stored({ email: null, phone: '+77012345679', channels: ['sms'] });
    const batch = new SubscriberImport();
    batch.add([2], {
      ...accepted(good),
      reference: 'HR-1',
      email: 'other@emer.gov.kz',
      language: 'ru',
    });
    batch.add([3], { ...accepted(good), email: 'a.seitkali@emer.gov.kz', name: 'New name' });
    batch.add([4], {
      ...accepted({ ...good, email: null, phone: '+77012345679', channels: ['sms'] }),
    });
    batch.add([5], accepted({ ...good, email: 'new@emer.gov.kz', phone: null, channels: [] }));
    const plan = batch.plan([byRef, byEmail, byPhone], NOW, newId);
    expect(plan.report).toMatchObject({ created: 1, updated: 2, unchanged: 1, refused: 0 });
    expect(plan.subscribers.map((s) => s.id)).toContain(byRef.id);
    expect(plan.subscribers.find((s) => s.id === byEmail.id)).toMatchObject({
      name: 'New name',
      createdAt: byEmail.createdAt,
      updatedAt: NOW,
    });
    expect(plan.subscribers.some((s) => s.id === byPhone.id)).toBe(false);
  });

  it('keeps what a row leaves out, and replaces the subscriptions it gives', () => {
    const subscription = {
      eventTypes: [],
      regions: ['KZ-15'],
      hazards: [],
      incidentIds: [],
      itemCodes: [],
      minSeverity: null,
    };
    const linked = stored({ userId: 'self-1', subscriptions: [subscription] });
    const { userId: _userId, ...withoutUserId } = accepted(good);
    const batch = new SubscriberImport();
    batch.add([2], { ...withoutUserId, subscriptions: [{ ...subscription, regions: ['KZ-10'] }] });
    const plan = batch.plan([linked], NOW, newId);
    expect(plan.report.updated).toBe(1);
    expect(plan.subscribers[0].userId).toBe('self-1');
    expect(plan.subscriptions).toEqual([
      { subscriberId: linked.id, subscriptions: [{ ...subscription, regions: ['KZ-10'] }] },
    ]);
  });

  it('takes receiveExercises like any field: changed is an update, left out keeps the stored', () => {
    const drills = stored({ receiveExercises: true });
    const realOnly = stored({ email: 'real.only@emer.gov.kz', receiveExercises: false });
    const batch = new SubscriberImport();
    const { receiveExercises: _left, ...withoutDrills } = accepted(good);
    batch.add([2], withoutDrills);
    batch.add([3], accepted({ ...good, email: realOnly.email, receiveExercises: true }));
    batch.add([4], accepted({ ...good, email: 'new@emer.gov.kz' }));
    const plan = batch.plan([drills, realOnly], NOW, newId);
    expect(plan.report).toMatchObject({ created: 1, updated: 1, unchanged: 1, refused: 0 });
    expect(plan.subscribers.map((s) => [s.email, s.receiveExercises])).toEqual([
      [realOnly.email, true],
      ['new@emer.gov.kz', false],
    ]);
  });

  it('refuses a row without a key, a key twice, a taken userId, a channel without address', () => {
    const holder = stored({ email: 'holder@emer.gov.kz', userId: 'self-9' });
    const batch = new SubscriberImport();
    batch.add([2], accepted({ ...good, email: null, phone: null, channels: [] }));
    batch.add([3], accepted(good));
    batch.add([4], accepted({ ...good, email: 'A.Seitkali@emer.gov.kz' }));
    batch.add([5], accepted({ ...good, email: 'x@emer.gov.kz', userId: 'self-9' }));
    batch.add([6], { ...accepted({ ...good, email: 'y@emer.gov.kz' }), phone: undefined });
    batch.add(
      [7],
      accepted({ ...good, email: null, phone: null, reference: 'R', channels: ['sms'] }),
    );
    const plan = batch.plan(
      [
        holder,
        stored({ ...good, phone: '+77012345670', email: 'y@emer.gov.kz', channels: ['email'] }),
      ],
      NOW,
      newId,
    );
    expect(plan.report.refusedRows.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: 2, field: 'reference', code: 'key_missing' },
      { row: 4, field: 'email', code: 'duplicate_key' },
      { row: 5, field: 'userId', code: 'user_already_subscriber' },
      { row: 7, field: 'phone', code: 'phone_missing' },
    ]);
    expect(plan.report).toMatchObject({ created: 1, updated: 1, refused: 4 });
  });

  it('refuses a key that two stored subscribers share', () => {
    const batch = new SubscriberImport();
    batch.add([2], accepted(good));
    const plan = batch.plan([stored(), stored()], NOW, newId);
    expect(plan.report.refusedRows).toMatchObject([
      { row: 2, field: 'email', code: 'key_ambiguous' },
    ]);
  });
});

describe('the CSV form', () => {
  const header =
    'reference,name,organisation,email,phone,language,channels,userId,eventTypes,regions,hazards,minSeverity';

  it('reads a person over several rows, lists split by | or ;, * for everything', () => {
    const { rows, refused } = readSubscriberCsv(
      `${header}\nHR-1,Aigerim,ministry,a@emer.gov.kz,+77012345678,kk,email|sms,,*,,,\n` +
        `HR-1,Aigerim,ministry,a@emer.gov.kz,+77012345678,kk,email|sms,,,KZ-15;KZ-10,FL,Severe\n`,
    );
    expect(refused).toEqual([]);
    const checked = rows.map((row) => ({ row, ...checkEntry(row.entry, row.row) }));
    const { people } = mergeCsvRows(checked);
    expect(people).toHaveLength(1);
    expect(people[0].rows).toEqual([2, 3]);
    expect(people[0].subscriber).toMatchObject({
      reference: 'HR-1',
      userId: null,
      channels: ['email', 'sms'],
      subscriptions: [
        { eventTypes: [], regions: [], hazards: [], minSeverity: null },
        { eventTypes: [], regions: ['KZ-15', 'KZ-10'], hazards: ['FL'], minSeverity: 'Severe' },
      ],
    });
    // And back: the export writes the same rows.
    const lines = csvRowsOf(people[0].subscriber).map((r) => r.join(','));
    expect(lines).toEqual([
      'HR-1,Aigerim,ministry,a@emer.gov.kz,+77012345678,kk,email|sms,,false,*,,,,,',
      'HR-1,Aigerim,ministry,a@emer.gov.kz,+77012345678,kk,email|sms,,false,,KZ-15|KZ-10,FL,Severe,,',
    ]);
  });

  it('reads and writes the incidents and catalogue items a subscription is about', () => {
    const incident = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const { rows, refused } = readSubscriberCsv(
      'reference,name,organisation,language,channels,eventTypes,incidentIds,itemCodes\n' +
        `HR-2,Dana,ministry,ru,,feedback.received|feedback.categorised,${incident},WASH-HYGIENE-KIT\n` +
        'HR-3,Erlan,ministry,ru,,feedback.received,not-an-id,\n',
    );
    expect(refused).toEqual([]);
    const bad = checkEntry(rows[1].entry, rows[1].row);
    expect('refused' in bad && bad.refused.map((r) => r.field)).toEqual([
      'subscriptions.0.incidentIds',
    ]);
    const subscriber = accepted(rows[0].entry);
    expect(subscriber.subscriptions).toEqual([
      {
        eventTypes: ['feedback.received', 'feedback.categorised'],
        regions: [],
        hazards: [],
        incidentIds: [incident],
        itemCodes: ['WASH-HYGIENE-KIT'],
        minSeverity: null,
      },
    ]);
    const row = csvRowsOf(subscriber)[0];
    expect(row[SUBSCRIBER_CSV_COLUMNS.indexOf('incidentIds')]).toBe(incident);
    expect(row[SUBSCRIBER_CSV_COLUMNS.indexOf('itemCodes')]).toBe('WASH-HYGIENE-KIT');
  });

  it('reads receiveExercises as true or false (yes/no, 1/0, any case; empty: false), both ways', () => {
    const cells = ['true', 'TRUE', 'Yes', '1', 'false', 'False', 'no', '0', ''];
    const { rows, refused } = readSubscriberCsv(
      [
        'reference,name,organisation,language,channels,receiveExercises',
        ...cells.map((cell, i) => `R-${i},Person ${i},ministry,kk,,${cell}`),
      ].join('\n'),
    );
    expect(refused).toEqual([]);
    const people = rows.map((row) => accepted(row.entry));
    expect(people.map((p) => p.receiveExercises)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    // The export writes true / false in the column of the header.
    const column = SUBSCRIBER_CSV_COLUMNS.indexOf('receiveExercises');
    expect(csvRowsOf(people[0])[0][column]).toBe('true');
    expect(csvRowsOf(people[4])[0][column]).toBe('false');
  });

  it('refuses any other receiveExercises cell, by row and column, and a person whose rows disagree', () => {
    const { rows } = readSubscriberCsv(
      'reference,name,organisation,language,channels,receiveExercises,regions\n' +
        'R-1,A,ministry,kk,,maybe,\nR-2,B,ministry,kk,,y,\n' +
        'R-3,C,ministry,kk,,true,KZ-15\nR-3,C,ministry,kk,,false,KZ-10\n',
    );
    const checked = rows.map((row) => {
      const result = checkEntry(row.entry, row.row);
      return 'refused' in result
        ? { row, refused: result.refused.map((r) => ({ ...r, field: csvColumnOf(r.field) })) }
        : { row, subscriber: result.subscriber };
    });
    const { people, refused } = mergeCsvRows(checked);
    expect(people).toEqual([]);
    expect(refused.map(({ row, field, code }) => [row, field, code])).toEqual([
      [2, 'receiveExercises', 'receive_exercises_invalid'],
      [3, 'receiveExercises', 'receive_exercises_invalid'],
      [5, 'receiveExercises', 'person_disagrees'],
      [4, 'row', 'person_refused'],
    ]);
  });

  it('refuses the whole person when one of its rows is refused or disagrees', () => {
    const { rows } = readSubscriberCsv(
      `${header}\nHR-1,A,ministry,,,kk,,,,KZ-15,,\nHR-1,A,ministry,,,kk,,,,KZ-99,,\n` +
        `HR-2,B,ministry,,,kk,,,,,,\nHR-2,B,ministry,,,ru,,,,,,\n`,
    );
    const checked = rows.map((row) => {
      const result = checkEntry(row.entry, row.row);
      return 'refused' in result
        ? { row, refused: result.refused.map((r) => ({ ...r, field: csvColumnOf(r.field) })) }
        : { row, subscriber: result.subscriber };
    });
    const { people, refused } = mergeCsvRows(checked);
    expect(people).toEqual([]);
    expect(refused.map(({ row, field, code }) => [row, field, code])).toEqual([
      [3, 'regions', 'region_unknown'],
      [2, 'row', 'person_refused'],
      [5, 'language', 'person_disagrees'],
      [4, 'row', 'person_refused'],
    ]);
  });

  it('refuses an unknown or missing column, and a row of another width on its own', () => {
    expect(() => readSubscriberCsv('name,colour\n')).toThrow(/colour/);
    expect(() => readSubscriberCsv('name,organisation,language\n')).toThrow(/channels/);
    expect(() => readSubscriberCsv('name,"organisation\n')).toThrow(/not CSV/);
    const { rows, refused } = readSubscriberCsv(
      'name,organisation,language,channels\nA,ministry,kk,email\nB,ministry\n',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].entry).not.toHaveProperty('subscriptions');
    expect(refused).toMatchObject([{ row: 3, field: 'row', code: 'row_cell_count' }]);
  });
});
