import { PARTNER_CODE_PATTERN, type PartnerKind, type PartnerOrigin } from '@relief/contracts';
import { hasRole, type AuthUser } from '@relief/auth';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { PartnerException } from './partner.exception';

export interface PartnerProps {
  /** e.g. UNICEF, IFRC, RCS-KZ: upper case; an agency token's `org` names it. */
  code: string;
  name: string;
  kind: PartnerKind;
  origin: PartnerOrigin;
  contactEmail: string | null;
  /** E.164, e.g. +77172000000. */
  contactPhone: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type PartnerInput = Pick<PartnerProps, 'code' | 'name' | 'kind' | 'origin'> &
  Partial<Pick<PartnerProps, 'contactEmail' | 'contactPhone'>>;

export type PartnerChanges = Partial<
  Pick<PartnerProps, 'name' | 'kind' | 'origin' | 'contactEmail' | 'contactPhone'>
>;

/** Tokens may spell the organisation in any case (`--org unicef`); partner codes are upper case. */
export function partnerCodeOf(user: AuthUser): string | undefined {
  return user.org?.trim().toUpperCase() || undefined;
}

/**
 * Does the caller act for this organisation (an offer's or a stockpile's owner)? An agency for
 * its partner; operators and admins for the ministry (`ministryCode`), which is no partner: an
 * agency token naming the ministry's code acts for nobody (fails closed).
 */
export function actsFor(actor: AuthUser, ownerCode: string, ministryCode: string): boolean {
  if (ownerCode === ministryCode) return hasRole(actor, 'operator', 'admin');
  return hasRole(actor, 'agency') && partnerCodeOf(actor) === ownerCode;
}

/** Phone numbers are kept in E.164; a national number is read as a Kazakh one. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (phone === null || phone === undefined || phone.trim() === '') return null;
  const parsed = parsePhoneNumberFromString(phone, 'KZ');
  if (!parsed?.isValid()) {
    throw PartnerException.invalidField(
      'invalid_phone',
      'contactPhone',
      'must be a valid phone number, e.g. +7 717 200 0000',
      `"${phone}" is not a valid phone number`,
    );
  }
  return parsed.number;
}

/** A registered organisation that may offer assistance (UNICEF, Red Crescent, a local NGO ...). */
export class Partner {
  private constructor(private props: PartnerProps) {}

  static register(input: PartnerInput, now: Date): Partner {
    const code = input.code.trim().toUpperCase();
    if (!PARTNER_CODE_PATTERN.test(code)) {
      throw PartnerException.invalidField(
        'invalid_partner_code',
        'code',
        'letters, digits, dot, dash or underscore; up to 32',
        `"${input.code}" is not a valid partner code`,
      );
    }
    return new Partner({
      code,
      name: input.name.trim(),
      kind: input.kind,
      origin: input.origin,
      contactEmail: input.contactEmail?.trim().toLowerCase() || null,
      contactPhone: normalizePhone(input.contactPhone),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(props: PartnerProps): Partner {
    return new Partner({ ...props });
  }

  get snapshot(): Readonly<PartnerProps> {
    return this.props;
  }

  assertVersion(expected: number): void {
    if (expected !== this.props.version) {
      throw new PartnerException(
        'stale',
        'stale_version',
        `partner ${this.props.code} is at version ${this.props.version}, not ${expected}; reload it and retry`,
        { currentVersion: this.props.version },
      );
    }
  }

  /** Returns the names of the fields that changed (empty: nothing to save). */
  update(changes: PartnerChanges, now: Date): string[] {
    const next: PartnerChanges = { ...changes };
    if (changes.contactPhone !== undefined)
      next.contactPhone = normalizePhone(changes.contactPhone);
    if (changes.contactEmail !== undefined) {
      next.contactEmail = changes.contactEmail?.trim().toLowerCase() || null;
    }
    if (changes.name !== undefined) next.name = changes.name.trim();
    const changed = (Object.keys(next) as (keyof PartnerChanges)[]).filter(
      (key) => next[key] !== undefined && next[key] !== this.props[key],
    );
    if (changed.length === 0) return [];
    for (const key of changed) Object.assign(this.props, { [key]: next[key] });
    this.props.version += 1;
    this.props.updatedAt = now;
    return changed;
  }
}
