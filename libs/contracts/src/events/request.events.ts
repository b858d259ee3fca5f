// class-transformer's @Type reads design-time types.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ISO_TIMESTAMP, Nullable } from '../validation';
import { ReasonCodeField, ReasonParamsField, ReasonParamsV1 } from './reason';
import {
  COVERAGE_CHANGE_CAUSES,
  INCIDENT_MODES,
  INCIDENT_REFERENCE_PATTERN,
  ITEM_CODE_PATTERN,
  OFFER_REJECTION_REASONS,
  PARTNER_CODE_PATTERN,
  REGION_PATTERN,
  REQUEST_PRIORITIES,
  REQUEST_SCOPES,
  REQUEST_STATUSES,
  type CoverageChangeCause,
  type IncidentMode,
  type OfferRejectionReason,
  type ReasonCode,
  type RequestPriority,
  type RequestScope,
  type RequestStatus,
} from '../vocabulary';

/** How much of a request partners have pledged and delivered, in the request's unit. */
export class RequestCoverageV1 {
  @IsInt()
  @Min(1)
  requested: number;

  /** Accepted offers not withdrawn; a delivered offer counts what actually arrived. */
  @IsInt()
  @Min(0)
  pledged: number;

  /** Confirmed deliveries. */
  @IsInt()
  @Min(0)
  delivered: number;

  /** `requested - pledged`, never below zero: what partners may still offer. */
  @IsInt()
  @Min(0)
  remaining: number;
}

/**
 * The whole resource request as it stands after the change, coverage included, so a consumer's
 * read model is simply the newest snapshot it has seen (`revision` tells which one is newer).
 */
export class RequestSnapshotV1 {
  @IsUUID()
  requestId: string;

  /** Increases by one with every change of the request: edits, scope, coverage, end. */
  @IsInt()
  @Min(1)
  revision: number;

  @IsUUID()
  incidentId: string;

  @Matches(INCIDENT_REFERENCE_PATTERN)
  incidentReference: string;

  /**
   * The mode of the request's incident: `actual`, or a drill (`exercise` / `test`), inherited at
   * creation and never changed. Optional: added to v1 after it was first published; absent
   * means `actual` (`modeOf`).
   */
  @IsOptional()
  @IsIn(INCIDENT_MODES)
  mode?: IncidentMode | null;

  /** ISO 3166-2 code of where the items are needed. */
  @Matches(REGION_PATTERN)
  region: string;

  /** Catalogue code; `null` for a free item, named by `itemName`. */
  @Nullable()
  @Matches(ITEM_CODE_PATTERN)
  itemCode: string | null;

  @IsString()
  @Length(1, 200)
  itemName: string;

  /** Unit the quantities count, e.g. `kit`, `piece`, `litre`: quantities are whole units. */
  @IsString()
  @Length(1, 32)
  unit: string;

  /**
   * The kit composition version of the catalogue item the request refers to (GET
   * /catalogue/items/{code}/versions/{version}); `null` when the item has no composition.
   * Optional: added to v1 after it was first published; absent means not recorded.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  itemVersion?: number | null;

  @IsInt()
  @Min(1)
  quantity: number;

  @IsIn(REQUEST_PRIORITIES)
  priority: RequestPriority;

  /** Midnight UTC of the day the items are needed by. */
  @IsISO8601(ISO_TIMESTAMP)
  neededBy: string;

  @IsIn(REQUEST_SCOPES)
  scope: RequestScope;

  @IsIn(REQUEST_STATUSES)
  status: RequestStatus;

  @Nullable()
  @IsString()
  @MaxLength(4000)
  notes: string | null;

  @IsObject()
  @ValidateNested()
  @Type(() => RequestCoverageV1)
  coverage: RequestCoverageV1;
}

/** The ministry raised a new request for items. */
export class RequestRaisedV1 extends RequestSnapshotV1 {}

/** Descriptive fields of a request changed (quantity, priority, needed-by, notes ...). */
export class RequestUpdatedV1 extends RequestSnapshotV1 {
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  changedFields: string[];

  /**
   * The requested quantity before this change when `quantity` is among `changedFields` (a cut or
   * a raise: the snapshot's `quantity` and `coverage` are after it); `null` otherwise. Optional:
   * added to v1 after it was first published.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  previousQuantity?: number | null;
}

/** The request was opened to international partners, or brought back to domestic. */
export class RequestScopeChangedV1 extends RequestSnapshotV1 {
  @IsIn(REQUEST_SCOPES)
  previousScope: RequestScope;

  /** What a person typed (then `reasonCode` is `operator`), or `null`. */
  @Nullable()
  @IsString()
  @MaxLength(1000)
  reason: string | null;

  /**
   * Why, as a code each reader's template words in their language (`REASON_CODES`; `operator`:
   * `reason` holds what a person typed); `null` when no reason was given. Optional: added to v1
   * after it was first published, older events carry only `reason`.
   */
  @ReasonCodeField()
  reasonCode?: ReasonCode | null;

  /** The values `reasonCode` is worded with (`ReasonParamsByCode`); `{}` for a code without. */
  @ReasonParamsField()
  reasonParams?: ReasonParamsV1 | null;
}

/** Pledges or deliveries against the request, or its requested quantity, changed. */
export class RequestCoverageChangedV1 extends RequestSnapshotV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => RequestCoverageV1)
  previousCoverage: RequestCoverageV1;

  @IsIn(REQUEST_STATUSES)
  previousStatus: RequestStatus;

  /** The offer whose event changed coverage; `null` when the ministry changed the quantity. */
  @Nullable()
  @IsUUID()
  offerId: string | null;

  /**
   * What changed coverage: an offer accepted, withdrawn (its pledge released) or delivered (its
   * pledge replaced by what arrived, a shortfall offered again), or the quantity changed.
   * Optional: added to v1 after it was first published.
   */
  @IsOptional()
  @IsIn(COVERAGE_CHANGE_CAUSES)
  cause?: CoverageChangeCause | null;
}

/** Deliveries reached the requested quantity. */
export class RequestFulfilledV1 extends RequestSnapshotV1 {}

/** The ministry cancelled the request; no offer can be accepted against it any more. */
export class RequestCancelledV1 extends RequestSnapshotV1 {
  /**
   * What a person typed when `reasonCode` is `operator`; for a system reason, English words for
   * consumers that predate `reasonCode` (logs, old readers). Templates word `reasonCode` and show
   * `reason` only for `operator`.
   */
  @Nullable()
  @IsString()
  @MaxLength(1000)
  reason: string | null;

  /**
   * Why, as a code each reader's template words in their language (`REASON_CODES`; `operator`:
   * `reason` holds what a person typed); `null` when no reason was given. Optional: added to v1
   * after it was first published, older events carry only `reason`.
   */
  @ReasonCodeField()
  reasonCode?: ReasonCode | null;

  /** The values `reasonCode` is worded with (`ReasonParamsByCode`); `{}` for a code without. */
  @ReasonParamsField()
  reasonParams?: ReasonParamsV1 | null;
}

/** The request was closed because its incident closed (possibly short of its quantity). */
export class RequestClosedV1 extends RequestSnapshotV1 {
  /**
   * What a person typed when `reasonCode` is `operator`; for a system reason, English words for
   * consumers that predate `reasonCode` (logs, old readers). Templates word `reasonCode` and show
   * `reason` only for `operator`.
   */
  @Nullable()
  @IsString()
  @MaxLength(1000)
  reason: string | null;

  /**
   * Why, as a code each reader's template words in their language (`REASON_CODES`; `operator`:
   * `reason` holds what a person typed); `null` when no reason was given. Optional: added to v1
   * after it was first published, older events carry only `reason`.
   */
  @ReasonCodeField()
  reasonCode?: ReasonCode | null;

  /** The values `reasonCode` is worded with (`ReasonParamsByCode`); `{}` for a code without. */
  @ReasonParamsField()
  reasonParams?: ReasonParamsV1 | null;
}

/**
 * Compensation: an offer was accepted against this request but could not be counted (no room
 * left, request no longer open, domestic only ...). partner-offer-service reverts the acceptance.
 */
export class RequestOfferAcceptanceRejectedV1 {
  @IsUUID()
  requestId: string;

  @IsUUID()
  offerId: string;

  @IsUUID()
  incidentId: string;

  @Matches(PARTNER_CODE_PATTERN)
  partnerCode: string;

  @IsInt()
  @Min(1)
  acceptedQuantity: number;

  /** What the request could still take when the acceptance arrived. */
  @IsInt()
  @Min(0)
  remainingQuantity: number;

  /** Why, as a code (one of `REASON_CODES`): templates word it, with `reasonParams`. */
  @IsIn(OFFER_REJECTION_REASONS)
  reason: OfferRejectionReason;

  /** English, for logs and operators; never shown to people as the reason (word the code). */
  @Nullable()
  @IsString()
  @MaxLength(1000)
  detail: string | null;

  /**
   * The values `reason` is worded with (`ReasonParamsByCode`: `{ requestStatus }`,
   * `{ quantity, remaining, unit }`, `{}`). Optional: added to v1 after it was first published.
   */
  @ReasonParamsField()
  reasonParams?: ReasonParamsV1 | null;
}
