import type { Severity } from '@relief/contracts';
import {
  controlCharacterAt,
  DomainException,
  unstorableTextAt,
  VALIDATOR_OPTIONS,
} from '@relief/runtime';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  checkChannels,
  normalisePhone,
  type Language,
  type NotificationChannel,
  type SubscriberProps,
} from './subscriber';
import { ImportedSubscriberDto } from './subscriber-import.dto';

export interface ImportedSubscription {
  eventTypes: string[];
  regions: string[];
  hazards: string[];
  incidentIds: string[];
  itemCodes: string[];
  minSeverity: Severity | null;
}

/** One person of an import. `undefined`: the import does not say (what is stored stays). */
export interface ImportedSubscriber {
  reference?: string | null;
  name: string;
  organisation: string;
  email?: string | null;
  phone?: string | null;
  language: Language;
  channels: NotificationChannel[];
  userId?: string | null;
  /** Also hears of drills (exercises, tests). */
  receiveExercises?: boolean;
  /** Given: replaces the stored subscriptions. */
  subscriptions?: ImportedSubscription[];
}

/** A row (CSV) or entry (JSON) not stored, and why; one per problem. */
export interface RefusedRow {
  row: number;
  field: string;
  code: string;
  message: string;
}

/** A stored subscriber an import may match, with its subscriptions. */
export interface StoredSubscriber extends SubscriberProps {
  reference: string | null;
  receiveExercises: boolean;
  createdAt: Date;
  subscriptions: ImportedSubscription[];
}

/** A subscriber row to write (created or changed). */
export interface SubscriberRecord extends SubscriberProps {
  reference: string | null;
  receiveExercises: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows (or entries) refused. */
  refused: number;
  refusedRows: RefusedRow[];
}

/** What an import writes: whole subscriber rows, and the subscriptions that replace theirs. */
export interface ImportPlan {
  subscribers: SubscriberRecord[];
  subscriptions: { subscriberId: string; subscriptions: ImportedSubscription[] }[];
  report: ImportReport;
}

/** How many refusals a report lists; the count is always complete. */
export const REPORTED_REFUSALS = 1000;

/** The code of a failed rule, by field: what an importer fixes in its sheet. */
const UNKNOWN_VALUE: Record<string, string> = {
  language: 'language_unknown',
  channels: 'channel_unknown',
  regions: 'region_unknown',
  hazards: 'hazard_unknown',
  minSeverity: 'severity_unknown',
  eventTypes: 'event_type_unknown',
};

function codeOf(field: string, constraint: string): string {
  const leaf = field.split('.').at(-1) ?? field;
  if (constraint === 'whitelistValidation') return 'field_unknown';
  if ((constraint === 'isIn' || constraint === 'isKnownRegion') && UNKNOWN_VALUE[leaf]) {
    return UNKNOWN_VALUE[leaf];
  }
  return `${leaf.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_invalid`;
}

function problemsOf(errors: ValidationError[], row: number, parent = ''): RefusedRow[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      row,
      field,
      code: codeOf(field, constraint),
      message,
    }));
    return [...own, ...problemsOf(error.children ?? [], row, field)];
  });
}

function refusalOf(error: unknown, row: number): RefusedRow {
  if (!(error instanceof DomainException)) throw error;
  const [problem] = error.details.fields ?? [];
  return { row, field: problem?.field ?? 'row', code: error.code, message: error.message };
}

/**
 * One entry, checked with the rules of a single subscriber (the same DTOs and options as the
 * ValidationPipe, E.164 phones): the subscriber it holds, or every problem it has.
 */
export function checkEntry(
  value: unknown,
  row: number,
): { subscriber: ImportedSubscriber } | { refused: RefusedRow[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { refused: [{ row, field: 'row', code: 'row_invalid', message: 'must be an object' }] };
  }
  const unstorable = unstorableTextAt(value);
  if (unstorable) {
    const field = unstorable.join('.') || 'row';
    const message = 'must not contain U+0000 (NUL) or an unpaired surrogate';
    return { refused: [{ row, field, code: 'text_unstorable', message }] };
  }
  const dto = plainToInstance(ImportedSubscriberDto, value);
  const refused = problemsOf(validateSync(dto, VALIDATOR_OPTIONS), row);
  const control = refused.length === 0 ? controlCharacterAt(dto) : undefined;
  if (control) {
    refused.push({
      row,
      field: control.path.join('.'),
      code: 'control_character',
      message: 'must not contain control characters or line breaks',
    });
  }
  let phone = dto.phone;
  if (phone && !refused.some((p) => p.field === 'phone')) {
    try {
      phone = normalisePhone(phone);
    } catch (error) {
      refused.push(refusalOf(error, row));
    }
  }
  if (refused.length > 0) return { refused };
  return {
    subscriber: {
      reference: dto.reference,
      name: dto.name,
      organisation: dto.organisation,
      email: dto.email,
      phone,
      language: dto.language,
      channels: dto.channels,
      userId: dto.userId,
      receiveExercises: dto.receiveExercises,
      subscriptions: dto.subscriptions?.map((s) => ({
        eventTypes: s.eventTypes ?? [],
        regions: s.regions ?? [],
        hazards: s.hazards ?? [],
        incidentIds: s.incidentIds ?? [],
        itemCodes: s.itemCodes ?? [],
        minSeverity: s.minSeverity ?? null,
      })),
    },
  };
}

type KeyKind = 'reference' | 'email' | 'phone';

/**
 * The natural key of a person: the importer's `reference` if given, else the email
 * (case-insensitive), else the phone (E.164). Without any, a re-import could not find it.
 */
export function naturalKey(s: ImportedSubscriber): { kind: KeyKind; value: string } | undefined {
  if (s.reference) return { kind: 'reference', value: s.reference };
  if (s.email) return { kind: 'email', value: s.email.toLowerCase() };
  if (s.phone) return { kind: 'phone', value: s.phone };
  return undefined;
}

function canonicalSubscriptions(list: readonly ImportedSubscription[]): string {
  const sorted = (values: readonly string[]) => [...values].sort();
  return JSON.stringify(
    list
      .map((s) =>
        JSON.stringify([
          sorted(s.eventTypes),
          sorted(s.regions),
          sorted(s.hazards),
          sorted(s.incidentIds),
          sorted(s.itemCodes),
          s.minSeverity,
        ]),
      )
      .sort(),
  );
}

function sameFields(a: SubscriberRecord | StoredSubscriber, b: StoredSubscriber): boolean {
  return (
    a.reference === b.reference &&
    a.name === b.name &&
    a.organisation === b.organisation &&
    a.email === b.email &&
    a.phone === b.phone &&
    a.language === b.language &&
    [...a.channels].sort().join('|') === [...b.channels].sort().join('|') &&
    a.userId === b.userId &&
    a.receiveExercises === b.receiveExercises
  );
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    map.set(key, [...(map.get(key) ?? []), item]);
  }
  return map;
}

/**
 * An import: the people it holds (checked entries), matched on their natural key against the
 * stored subscribers, and what follows from it: who is created, updated or left as it is, and
 * which rows are refused. Plain: the service loads what it may match and writes the plan.
 */
export class SubscriberImport {
  private readonly people: { rows: number[]; subscriber: ImportedSubscriber }[] = [];
  private readonly refusals: RefusedRow[] = [];

  refuse(...rows: RefusedRow[]): void {
    this.refusals.push(...rows);
  }

  /** A person of the import, from its rows (several CSV rows for several subscriptions). */
  add(rows: number[], subscriber: ImportedSubscriber): void {
    this.people.push({ rows, subscriber });
  }

  /** What the service looks up: every stored subscriber with one of these keys or userIds. */
  lookups(): { references: string[]; emails: string[]; phones: string[]; userIds: string[] } {
    const values = (pick: (s: ImportedSubscriber) => string | null | undefined) => [
      ...new Set(this.people.map((p) => pick(p.subscriber)).filter((v): v is string => !!v)),
    ];
    return {
      references: values((s) => s.reference),
      emails: values((s) => s.email?.toLowerCase()),
      phones: values((s) => s.phone),
      userIds: values((s) => s.userId),
    };
  }

  plan(stored: readonly StoredSubscriber[], now: Date, newId: () => string): ImportPlan {
    const byReference = groupBy(stored, (s) => s.reference);
    const legacy = stored.filter((s) => s.reference === null);
    const byEmail = groupBy(stored, (s) => s.email?.toLowerCase() ?? null);
    const legacyByEmail = groupBy(legacy, (s) => s.email?.toLowerCase() ?? null);
    const byPhone = groupBy(stored, (s) => s.phone);
    const legacyByPhone = groupBy(legacy, (s) => s.phone);
    const byUserId = new Map(stored.map((s) => [s.userId, s]));

    const plan: ImportPlan = {
      subscribers: [],
      subscriptions: [],
      report: { created: 0, updated: 0, unchanged: 0, refused: 0, refusedRows: [] },
    };
    const seen = new Map<string, number>(); // key or target id → the first row that took it
    const userIds = new Map<string, string>(); // userId → the subscriber id that takes it
    for (const { rows, subscriber } of this.people) {
      const [row] = rows;
      const refuse = (field: string, code: string, message: string) =>
        this.refusals.push(...rows.map((r) => ({ row: r, field, code, message })));
      const key = naturalKey(subscriber);
      if (!key) {
        refuse('reference', 'key_missing', 'a reference, an email or a phone is needed');
        continue;
      }
      // The person's other keys too: an entry keyed by email after one with that email and a
      // reference would otherwise be a second person.
      const taken = [`${key.kind}:${key.value}`];
      if (subscriber.email) taken.push(`email:${subscriber.email.toLowerCase()}`);
      if (subscriber.phone) taken.push(`phone:${subscriber.phone}`);
      const earlier = seen.get(`${key.kind}:${key.value}`);
      if (earlier !== undefined) {
        refuse(key.kind, 'duplicate_key', `the same ${key.kind} as row ${earlier}`);
        continue;
      }
      let matches: StoredSubscriber[];
      if (key.kind === 'reference') {
        matches = byReference.get(key.value) ?? [];
        // A person imported before without a reference is adopted by it, by email or phone.
        if (matches.length === 0 && subscriber.email) {
          matches = legacyByEmail.get(subscriber.email.toLowerCase()) ?? [];
        }
        if (matches.length === 0 && subscriber.phone) {
          matches = legacyByPhone.get(subscriber.phone) ?? [];
        }
      } else {
        matches = (key.kind === 'email' ? byEmail : byPhone).get(key.value) ?? [];
      }
      if (matches.length > 1) {
        refuse(key.kind, 'key_ambiguous', `${matches.length} subscribers have this ${key.kind}`);
        continue;
      }
      const [match] = matches;
      const id = match?.id ?? newId();
      const sameTarget = seen.get(`id:${id}`);
      if (sameTarget !== undefined) {
        refuse(key.kind, 'duplicate_key', `the same subscriber as row ${sameTarget}`);
        continue;
      }
      const keep = <T>(given: T | undefined, stored: T | undefined, none: T): T =>
        given !== undefined ? given : stored !== undefined ? stored : none;
      const record: SubscriberRecord = {
        id,
        reference: keep(subscriber.reference, match?.reference, null),
        name: subscriber.name,
        organisation: subscriber.organisation,
        email: keep(subscriber.email, match?.email, null),
        phone: keep(subscriber.phone, match?.phone, null),
        language: subscriber.language,
        channels: subscriber.channels,
        userId: keep(subscriber.userId, match?.userId, null),
        receiveExercises: keep(subscriber.receiveExercises, match?.receiveExercises, false),
        createdAt: match?.createdAt ?? now,
        updatedAt: now,
      };
      try {
        checkChannels(record);
      } catch (error) {
        const refusal = refusalOf(error, row);
        refuse(refusal.field, refusal.code, refusal.message);
        continue;
      }
      if (record.userId) {
        const holder = userIds.get(record.userId) ?? byUserId.get(record.userId)?.id;
        if (holder !== undefined && holder !== id) {
          refuse('userId', 'user_already_subscriber', 'this userId already has a subscriber');
          continue;
        }
        userIds.set(record.userId, id);
      }
      for (const k of [...taken, `id:${id}`]) if (!seen.has(k)) seen.set(k, row);

      const subscriptions = subscriber.subscriptions;
      const subscriptionsChanged =
        subscriptions !== undefined &&
        (match
          ? canonicalSubscriptions(subscriptions) !== canonicalSubscriptions(match.subscriptions)
          : subscriptions.length > 0);
      if (!match) plan.report.created += 1;
      else if (sameFields(record, match) && !subscriptionsChanged) {
        plan.report.unchanged += 1;
        continue;
      } else plan.report.updated += 1;
      plan.subscribers.push(record);
      if (subscriptionsChanged) plan.subscriptions.push({ subscriberId: id, subscriptions });
    }
    const refused = [...this.refusals].sort((a, b) => a.row - b.row);
    plan.report.refused = new Set(refused.map((r) => r.row)).size;
    plan.report.refusedRows = refused.slice(0, REPORTED_REFUSALS);
    return plan;
  }
}
