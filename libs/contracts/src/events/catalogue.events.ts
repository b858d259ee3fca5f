// class-transformer's @Type reads design-time types.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ISO_TIMESTAMP, Nullable } from '../validation';
import { ITEM_CODE_PATTERN, REGION_PATTERN } from '../vocabulary';

/**
 * What the feedback behind a new kit version was about: the same words as feedback
 * categories (a missing item, its quality, its quantity, something else).
 */
export const KIT_CITATION_CATEGORIES = ['missing-item', 'quality', 'quantity', 'other'] as const;
export type KitCitationCategory = (typeof KIT_CITATION_CATEGORIES)[number];

/** Most entries a kit composition may list. */
export const MAX_KIT_ENTRIES = 100;

/** One line of a kit: what is in it, how many, counted in what. */
export class KitEntryV1 {
  /** Catalogue code when the content is itself a catalogue item; `null` otherwise. */
  @Nullable()
  @Matches(ITEM_CODE_PATTERN)
  itemCode: string | null;

  @IsString()
  @Length(1, 200)
  name: string;

  /** How many per kit, in `unit`; more than zero (may be fractional: 0.5 litre). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  quantity: number;

  @IsString()
  @Length(1, 32)
  unit: string;
}

/** The feedback that led to a version, in the operator's words ("37 responses from Aktobe"). */
export class KitCitationV1 {
  /** How many feedback messages it answers. */
  @IsInt()
  @Min(0)
  feedbackCount: number;

  @Nullable()
  @IsUUID()
  incidentId: string | null;

  /** ISO 3166-2 code of where the feedback came from. */
  @Nullable()
  @Matches(REGION_PATTERN)
  regionCode: string | null;

  @Nullable()
  @IsIn(KIT_CITATION_CATEGORIES)
  category: KitCitationCategory | null;

  @IsString()
  @Length(1, 1000)
  summary: string;
}

/**
 * A new composition of a kit (a catalogue item) was published. Versions are append-only: each
 * carries the whole composition, never a change to an earlier one.
 */
export class CatalogueKitVersionPublishedV1 {
  /** Catalogue code of the kit; the aggregate id. */
  @Matches(ITEM_CODE_PATTERN)
  itemCode: string;

  @IsString()
  @Length(1, 200)
  itemName: string;

  /** 1 for the first composition, one more for each next one. */
  @IsInt()
  @Min(1)
  version: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_KIT_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => KitEntryV1)
  contents: KitEntryV1[];

  @Nullable()
  @IsString()
  @MaxLength(1000)
  note: string | null;

  @Nullable()
  @IsObject()
  @ValidateNested()
  @Type(() => KitCitationV1)
  citation: KitCitationV1 | null;

  @IsISO8601(ISO_TIMESTAMP)
  publishedAt: string;

  /** The operator's subject (token `sub`). */
  @IsString()
  @Length(1, 200)
  publishedBy: string;
}
