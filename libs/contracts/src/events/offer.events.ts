import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ISO_TIMESTAMP, Nullable } from '../validation';
import {
  INCIDENT_REFERENCE_PATTERN,
  ITEM_CODE_PATTERN,
  OFFER_STATUSES,
  PARTNER_CODE_PATTERN,
  PARTNER_KINDS,
  PARTNER_ORIGINS,
  type OfferStatus,
  type PartnerKind,
  type PartnerOrigin,
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

  @IsInt()
  @Min(1)
  quantity: number;

  /** When the partner can have the items on site, if it said. */
  @Nullable()
  @IsISO8601(ISO_TIMESTAMP)
  availableBy: string | null;

  @IsIn(OFFER_STATUSES)
  status: OfferStatus;
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
  @IsString()
  @Length(1, 1000)
  reason: string;

  /**
   * `true` when the offer had been accepted and the request side could not count it
   * (request.offer-acceptance-rejected): the acceptance is reverted, nothing was pledged.
   */
  @IsBoolean()
  acceptanceReverted: boolean;
}

/** The partner withdrew the offer; an accepted one releases its pledge. */
export class OfferWithdrawnV1 extends OfferSnapshotV1 {
  /** `published` or `accepted` (an offer cannot be withdrawn once dispatched). */
  @IsIn(OFFER_STATUSES)
  previousStatus: OfferStatus;

  @Nullable()
  @IsString()
  @MaxLength(1000)
  reason: string | null;
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
}
