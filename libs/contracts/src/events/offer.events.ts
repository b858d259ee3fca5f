// class-transformer's @Type reads design-time types.
import 'reflect-metadata';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ISO_TIMESTAMP, Nullable } from '../validation';
import { ReasonCodeField, ReasonParamsField, ReasonParamsV1 } from './reason';
import {
  INCIDENT_MODES,
  INCIDENT_REFERENCE_PATTERN,
  ITEM_CODE_PATTERN,
  OFFER_STATUSES,
  PARTNER_CODE_PATTERN,
  PARTNER_KINDS,
  PARTNER_ORIGINS,
  type IncidentMode,
  type OfferStatus,
  type PartnerKind,
  type PartnerOrigin,
  type ReasonCode,
} from '../vocabulary';

/** The whole partner offer as it stands after the change. */
export class OfferSnapshotV1 {
  @IsUUID()
  offerId: string;

  /** Increases by one with every change of the offer. */
  @IsInt()
  @Min(1)
  revision: number;

  /** The request it answers; `null` for an unsolicited offer made against the incident. */
  @Nullable()
  @IsUUID()
  requestId: string | null;

  @IsUUID()
  incidentId: string;

  @Matches(INCIDENT_REFERENCE_PATTERN)
  incidentReference: string;

  /**
   * The mode of the offer's incident: `actual`, or a drill (`exercise` / `test`), inherited at
   * creation and never changed. Optional: added to v1 after it was first published; absent
   * means `actual` (`modeOf`).
   */
  @IsOptional()
  @IsIn(INCIDENT_MODES)
  mode?: IncidentMode | null;

  @Matches(PARTNER_CODE_PATTERN)
  partnerCode: string;

  @IsString()
  @Length(1, 200)
  partnerName: string;

  @IsIn(PARTNER_KINDS)
  partnerKind: PartnerKind;

  /** An `international` partner may only answer `international` requests. */
  @IsIn(PARTNER_ORIGINS)
  partnerOrigin: PartnerOrigin;

  /** Catalogue code; `null` for a free item, named by `itemName`. */
  @Nullable()
  @Matches(ITEM_CODE_PATTERN)
  itemCode: string | null;

  @IsString()
  @Length(1, 200)
  itemName: string;

  @IsString()
  @Length(1, 32)
  unit: string;

  /**
   * The kit composition version offered: the request's for an offer against a request, the
   * partner's choice (or `null`) for an unsolicited one; `null` when the item has no
   * composition. Optional: added to v1 after it was first published; absent means not recorded.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  itemVersion?: number | null;

  @IsInt()
  @Min(1)
  quantity: number;

  /** When the partner can have the items on site, if it said. */
  @Nullable()
  @IsISO8601(ISO_TIMESTAMP)
  availableBy: string | null;

  @IsIn(OFFER_STATUSES)
  status: OfferStatus;

  /**
   * The stockpile the offer is made from (its quantity is reserved there); `null` or absent when
   * not from recorded stock. Optional: added to v1 after it was first published.
   */
  @IsOptional()
  @IsUUID()
  stockpileId?: string | null;
}

/** A partner published an offer. */
export class OfferPublishedV1 extends OfferSnapshotV1 {}

/** The partner changed an offer that is still open (quantity, availability ...). */
export class OfferUpdatedV1 extends OfferSnapshotV1 {
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  changedFields: string[];
}

/** The ministry accepted the offer (possibly only part of it). */
export class OfferAcceptedV1 extends OfferSnapshotV1 {
  @IsInt()
  @Min(1)
  acceptedQuantity: number;
}

/** The ministry declined the offer, or its acceptance was reverted. */
export class OfferDeclinedV1 extends OfferSnapshotV1 {
  /**
   * What a person typed when `reasonCode` is `operator`; for a system reason, English words for
   * consumers that predate `reasonCode` (logs, old readers). Templates word `reasonCode` and show
   * `reason` only for `operator`.
   */
  @IsString()
  @Length(1, 1000)
  reason: string;

  /**
   * `true` when the offer had been accepted and the request side could not count it
   * (request.offer-acceptance-rejected): the acceptance is reverted, nothing was pledged.
   */
  @IsBoolean()
  acceptanceReverted: boolean;

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

/** The partner withdrew the offer; an accepted one releases its pledge. */
export class OfferWithdrawnV1 extends OfferSnapshotV1 {
  /** `published` or `accepted` (an offer cannot be withdrawn once dispatched). */
  @IsIn(OFFER_STATUSES)
  previousStatus: OfferStatus;

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

  /**
   * The accepted quantity that no longer counts towards its request (`previousStatus`
   * `accepted`: the pledge released, resource-request-service follows with
   * `request.coverage-changed`, cause `offer-withdrawn`, carrying the coverage after); `null`
   * when the offer had not been accepted. Optional: added to v1 after it was first published.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  releasedQuantity?: number | null;
}

/** The partner shipped the accepted items. */
export class OfferDispatchedV1 extends OfferSnapshotV1 {
  @IsInt()
  @Min(1)
  dispatchedQuantity: number;

  @Nullable()
  @IsISO8601(ISO_TIMESTAMP)
  expectedArrival: string | null;
}

/** Items arrived and were counted (confirmed by the ministry), possibly short of the accepted quantity. */
export class OfferDeliveredV1 extends OfferSnapshotV1 {
  @IsInt()
  @Min(1)
  acceptedQuantity: number;

  @IsInt()
  @Min(1)
  deliveredQuantity: number;

  /**
   * `acceptedQuantity − deliveredQuantity` (0 for a full delivery): what fell short and is
   * offered again on the request. Optional: added to v1 after it was first published.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  shortfallQuantity?: number | null;
}
