import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  INCIDENT_REFERENCE_PATTERN,
  REASON_CODES,
  REQUEST_STATUSES,
  type ReasonCode,
  type RequestStatus,
} from '../vocabulary';

/**
 * The values a reason code is worded with (`reasonParams`): which ones each code carries is
 * `ReasonParamsByCode`. Every field is optional, so one class validates them all.
 */
export class ReasonParamsV1 {
  /** The incident whose end closed the request (`incident-closed`, `incident-cancelled`). */
  @IsOptional()
  @Matches(INCIDENT_REFERENCE_PATTERN)
  incidentReference?: string | null;

  /** The request's status when the acceptance arrived (`request-not-open`). */
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  requestStatus?: RequestStatus | null;

  /** The quantity that was to be counted (`quantity-exceeds-remaining`: the accepted quantity). */
  @IsOptional()
  @IsInt()
  @Min(1)
  quantity?: number | null;

  /** What the request could still take (`quantity-exceeds-remaining`). */
  @IsOptional()
  @IsInt()
  @Min(0)
  remaining?: number | null;

  /** The unit `quantity` and `remaining` count (a code, e.g. `tent`, `kit`). */
  @IsOptional()
  @IsString()
  @Length(1, 32)
  unit?: string | null;

  /**
   * Words a person typed that came with a system reason, shown as typed (the incident's own
   * closing reason with `incident-closed` / `incident-cancelled`).
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

/** The params each reason code carries; a template words the code with exactly these. */
export interface ReasonParamsByCode {
  /** The words are the payload's `reason`, as the person typed them. */
  operator: Record<string, never>;
  'incident-closed': { incidentReference: string; note: string | null };
  'incident-cancelled': { incidentReference: string; note: string | null };
  'request-cancelled': Record<string, never>;
  'request-closed': Record<string, never>;
  'request-fulfilled': Record<string, never>;
  'request-not-found': Record<string, never>;
  'request-not-open': { requestStatus: RequestStatus };
  'quantity-exceeds-remaining': { quantity: number; remaining: number; unit: string };
  'item-mismatch': Record<string, never>;
  'request-domestic-only': Record<string, never>;
}

/** A reason as events carry it: the code and its params, typed together. */
export type Reason = {
  [C in ReasonCode]: { reasonCode: C; reasonParams: ReasonParamsByCode[C] };
}[ReasonCode];

/** A reason the platform gives (not typed by a person): `systemReason('request-closed', {})`. */
export function systemReason<C extends Exclude<ReasonCode, 'operator'>>(
  reasonCode: C,
  reasonParams: ReasonParamsByCode[C],
): { reasonCode: C; reasonParams: ReasonParamsByCode[C] } {
  return { reasonCode, reasonParams };
}

/**
 * The reason fields of a payload for words a person typed (or none: `null` code and params when
 * they gave no reason).
 */
export function operatorReason(reason: string | null): {
  reasonCode: 'operator' | null;
  reasonParams: ReasonParamsByCode['operator'] | null;
} {
  return reason
    ? { reasonCode: 'operator', reasonParams: {} }
    : { reasonCode: null, reasonParams: null };
}

/** Several property decorators as one, applied in the order given. */
function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** `reasonCode`, optional (added to v1 after it was first published): one of `REASON_CODES`. */
export function ReasonCodeField(): PropertyDecorator {
  return all(IsOptional(), IsIn(REASON_CODES));
}

/** `reasonParams`, optional (added to v1 after it was first published): a `ReasonParamsV1`. */
export function ReasonParamsField(): PropertyDecorator {
  return all(
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => ReasonParamsV1),
  );
}
