import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_CHANNELS,
  FEEDBACK_LANGUAGES,
  IsKnownRegion,
  ITEM_CODE_PATTERN,
  type FeedbackCategory,
  type FeedbackChannel,
  type FeedbackLanguage,
} from '@relief/contracts';
import { KeysetPageQuery } from '@relief/database';
import { QueryFlag } from '@relief/runtime';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { FeedbackRecord, FeedbackSummary } from './feedback.service';

/** The public form: words only, no personal data. */
export class WebFeedbackDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'What the person wants to say' })
  @IsString()
  @Length(1, 1000)
  text: string;

  @ApiPropertyOptional({
    enum: FEEDBACK_LANGUAGES,
    description: 'Detected from the text when absent',
  })
  @IsOptional()
  @IsIn(FEEDBACK_LANGUAGES)
  language?: FeedbackLanguage;

  @ApiPropertyOptional({ example: 'KZ-15' })
  @IsOptional()
  @IsKnownRegion()
  regionCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ example: 'WASH-HYGIENE-KIT' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, {
    message: 'itemCode must be a catalogue code such as WASH-HYGIENE-KIT',
  })
  itemCode?: string;
}

export class FeedbackQueryDto extends KeysetPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ example: 'KZ-15' })
  @IsOptional()
  @IsKnownRegion()
  regionCode?: string;

  @ApiPropertyOptional({ example: 'WASH-HYGIENE-KIT' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, {
    message: 'itemCode must be a catalogue code such as WASH-HYGIENE-KIT',
  })
  itemCode?: string;

  @ApiPropertyOptional({ enum: FEEDBACK_CATEGORIES })
  @IsOptional()
  @IsIn(FEEDBACK_CATEGORIES)
  category?: FeedbackCategory;

  @QueryFlag('only handled (true) or only not handled (false) feedback')
  handled?: boolean;

  @ApiPropertyOptional({ enum: FEEDBACK_CHANNELS })
  @IsOptional()
  @IsIn(FEEDBACK_CHANNELS)
  channel?: FeedbackChannel;
}

export class FeedbackSummaryQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({ example: 'WASH-HYGIENE-KIT' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, {
    message: 'itemCode must be a catalogue code such as WASH-HYGIENE-KIT',
  })
  itemCode?: string;
}

export class FeedbackChangeDto {
  @ApiPropertyOptional({ enum: FEEDBACK_CATEGORIES })
  @IsOptional()
  @IsIn(FEEDBACK_CATEGORIES)
  category?: FeedbackCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  handled?: boolean;
}

/** One piece of feedback. `phone` only for operators and admins (personal data), and only until pruned. */
export class FeedbackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FEEDBACK_CHANNELS }) channel: FeedbackChannel;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ enum: FEEDBACK_LANGUAGES }) language: FeedbackLanguage;
  @ApiProperty({ description: "The sender's own words, as sent" }) text: string;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ nullable: true, type: String }) incidentId: string | null;
  @ApiProperty({ nullable: true, type: String }) incidentReference: string | null;
  @ApiProperty({ nullable: true, type: String }) itemCode: string | null;
  @ApiProperty({ nullable: true, enum: FEEDBACK_CATEGORIES }) category: FeedbackCategory | null;
  @ApiProperty() handled: boolean;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Operators and admins only' })
  phone?: string | null;

  static of(r: FeedbackRecord): FeedbackDto {
    return {
      id: r.id,
      channel: r.channel,
      receivedAt: r.receivedAt.toISOString(),
      language: r.language,
      text: r.text,
      regionCode: r.regionCode,
      incidentId: r.incidentId,
      incidentReference: r.incidentReference,
      itemCode: r.itemCode,
      category: r.category,
      handled: r.handled,
      version: r.version,
      ...('phone' in r ? { phone: r.phone ?? null } : {}),
    };
  }
}

export class FeedbackPageDto {
  @ApiProperty({ type: [FeedbackDto] }) items: FeedbackDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export type FeedbackSummaryDto = FeedbackSummary;
