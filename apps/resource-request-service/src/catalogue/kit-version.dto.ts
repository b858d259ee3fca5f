import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ITEM_CODE_PATTERN, KIT_CITATION_CATEGORIES, MAX_KIT_ENTRIES } from '@relief/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { KitCitationCategory } from '@relief/contracts';
import type { KitDiff, KitVersion } from './kit-composition';

export class KitEntryDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Catalogue code when the content is itself a catalogue item',
    example: null,
  })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, { message: 'itemCode must be a catalogue code such as NFI-BLANKET' })
  itemCode?: string | null;

  @ApiProperty({ example: 'Disposable nappies' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 30, exclusiveMinimum: true, minimum: 0, description: 'How many per kit' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  quantity: number;

  @ApiProperty({ example: 'piece' })
  @IsString()
  @Length(1, 32)
  unit: string;
}

export class KitCitationDto {
  @ApiProperty({ example: 37, minimum: 0, description: 'How many feedback messages it answers' })
  @IsInt()
  @Min(0)
  feedbackCount: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  incidentId?: string | null;

  @ApiPropertyOptional({ example: 'KZ-15', nullable: true, type: String })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, {
    message: 'regionCode must be an ISO 3166-2 code such as KZ-15',
  })
  regionCode?: string | null;

  @ApiPropertyOptional({ enum: KIT_CITATION_CATEGORIES, nullable: true })
  @IsOptional()
  @IsIn(KIT_CITATION_CATEGORIES)
  category?: KitCitationCategory | null;

  @ApiProperty({ example: '37 responses from Aktobe: no nappies in the kit', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  summary: string;
}

export class PublishKitVersionDto {
  @ApiProperty({ type: [KitEntryDto], minItems: 1, maxItems: MAX_KIT_ENTRIES })
  @IsArray()
  @ArrayMinSize(1, { message: 'contents must list at least one item' })
  @ArrayMaxSize(MAX_KIT_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => KitEntryDto)
  contents: KitEntryDto[];

  @ApiPropertyOptional({
    example: 'v2: nappies added',
    maxLength: 1000,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;

  @ApiPropertyOptional({
    type: KitCitationDto,
    nullable: true,
    description: 'The feedback behind it',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => KitCitationDto)
  citation?: KitCitationDto | null;
}

export class KitEntryViewDto {
  @ApiProperty({ nullable: true, type: String }) itemCode: string | null;
  @ApiProperty() name: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unit: string;
}

export class KitCitationViewDto {
  @ApiProperty() feedbackCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) incidentId: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, enum: KIT_CITATION_CATEGORIES }) category: string | null;
  @ApiProperty() summary: string;
}

export class KitVersionDto {
  @ApiProperty({ example: 'WASH-HYGIENE-KIT' }) itemCode: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ type: [KitEntryViewDto] }) contents: KitEntryViewDto[];
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: KitCitationViewDto, nullable: true }) citation: KitCitationViewDto | null;
  @ApiProperty() publishedAt: string;
  @ApiProperty() publishedBy: string;

  static of(v: KitVersion): KitVersionDto {
    return {
      itemCode: v.itemCode,
      version: v.version,
      contents: v.contents.map((entry) => ({ ...entry })),
      note: v.note,
      citation: v.citation ? { ...v.citation } : null,
      publishedAt: v.publishedAt.toISOString(),
      publishedBy: v.publishedBy,
    };
  }
}

export class KitQuantityChangeDto {
  @ApiProperty({ nullable: true, type: String }) itemCode: string | null;
  @ApiProperty() name: string;
  @ApiProperty() unit: string;
  @ApiProperty({ description: 'Quantity per kit in the `from` version' }) from: number;
  @ApiProperty({ description: 'Quantity per kit in the `to` version' }) to: number;
}

export class KitDiffDto {
  @ApiProperty() itemCode: string;
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [KitEntryViewDto], description: 'Only in `to`' }) added: KitEntryViewDto[];
  @ApiProperty({ type: [KitEntryViewDto], description: 'Only in `from`' })
  removed: KitEntryViewDto[];
  @ApiProperty({ type: [KitQuantityChangeDto] }) changed: KitQuantityChangeDto[];

  static of(diff: KitDiff): KitDiffDto {
    return {
      ...diff,
      added: diff.added.map((e) => ({ ...e })),
      removed: diff.removed.map((e) => ({ ...e })),
      changed: diff.changed.map((c) => ({ ...c })),
    };
  }
}
