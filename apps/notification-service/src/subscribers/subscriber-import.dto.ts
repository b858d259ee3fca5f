import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { CreateSubscriberDto, CreateSubscriptionDto } from './subscriber.dto';
import { SUBSCRIBER_CSV_COLUMNS } from './subscriber-csv';

/**
 * One person of an import (a JSON entry, or the CSV rows of one person): the single-subscriber
 * rules (CreateSubscriberDto, CreateSubscriptionDto) and the importer's key. A field left out
 * keeps what is stored; `subscriptions`, when given, replaces the stored ones.
 */
export class ImportedSubscriberDto extends CreateSubscriberDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The importer's own id of the person: the first key an import matches on",
    example: 'HR-00042',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string | null;

  @ApiPropertyOptional({ type: [CreateSubscriptionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateSubscriptionDto)
  subscriptions?: CreateSubscriptionDto[];
}

/** The JSON form of an import and of an export (for the OpenAPI; rows are checked one by one). */
export class SubscriberImportDto {
  @ApiProperty({ type: [ImportedSubscriberDto] })
  subscribers: ImportedSubscriberDto[];
}

export class RefusedRowDto {
  @ApiProperty({ description: 'CSV: the row as a spreadsheet numbers it (header 1); JSON: from 1' })
  row: number;
  @ApiProperty({ example: 'phone', description: 'the CSV column, or the JSON field path' })
  field: string;
  @ApiProperty({ example: 'phone_invalid' }) code: string;
  @ApiProperty() message: string;
}

export class ImportReportDto {
  @ApiProperty({ enum: ['csv', 'json'] }) format: 'csv' | 'json';
  @ApiProperty({ description: 'subscribers created' }) created: number;
  @ApiProperty({ description: 'subscribers changed (fields or subscriptions)' }) updated: number;
  @ApiProperty({ description: 'subscribers already as imported' }) unchanged: number;
  @ApiProperty({ description: 'rows (CSV) or entries (JSON) refused; nothing of them is stored' })
  refused: number;
  @ApiProperty({ type: [RefusedRowDto], description: 'why, one line per problem (first 1000)' })
  refusedRows: RefusedRowDto[];
}

export class SubscriberExportQuery {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}

/** The CSV columns, for the OpenAPI text of both endpoints. */
export const CSV_FORMAT_DESCRIPTION = [
  `CSV: a header row naming columns among ${SUBSCRIBER_CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}`,
  '(`name`, `organisation`, `language` and `channels` required), then one row per subscription',
  'of a person; rows with the same key (`reference`, else `email`, else `phone`) are one person',
  'and must agree on its fields. Lists (`channels`, `eventTypes`, `regions`, `hazards`,',
  '`incidentIds`, `itemCodes`) are',
  'separated by `|` (or `;`); empty subscription cells: a person without subscriptions, `*`: all',
  '(a subscription to everything). `receiveExercises` is `true` or `false` (also `yes`/`no`,',
  '`1`/`0`, any case; empty: false). A column left out keeps what is stored; an empty cell clears it.',
].join(' ');
