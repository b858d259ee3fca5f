import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_PRIORITIES, REQUEST_SCOPES, REQUEST_STATUSES } from '@relief/contracts';
import { oneOf, QueryFlag } from '@relief/runtime';
import { IsIn, IsOptional } from 'class-validator';

const FORMATS = ['json', 'csv'] as const;

/**
 * `GET /incidents/:incidentId/coverage`. Both parameters are checked: a mistyped
 * `includeDrills=ture` must not quietly answer as if it were false.
 */
export class CoverageQuery {
  @ApiPropertyOptional({ enum: FORMATS, description: 'left out: by the Accept header, else JSON' })
  @IsOptional()
  @IsIn(FORMATS, oneOf(FORMATS))
  format?: (typeof FORMATS)[number];

  @QueryFlag('an exercise or test incident is reported only with true (422 incident_is_drill)')
  includeDrills?: boolean;
}

export class CoverageLineDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ nullable: true, type: String }) itemCode: string | null;
  @ApiProperty() itemName: string;
  @ApiProperty() unit: string;
  @ApiProperty({ enum: REQUEST_PRIORITIES }) priority: string;
  @ApiProperty({ enum: REQUEST_SCOPES }) scope: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: string;
  @ApiProperty() region: string;
  @ApiProperty() neededBy: string;
  @ApiProperty() requested: number;
  @ApiProperty() pledged: number;
  @ApiProperty() delivered: number;
  @ApiProperty() remaining: number;
}

export class CoverageTotalDto {
  @ApiProperty({ nullable: true, type: String }) itemCode: string | null;
  @ApiProperty() itemName: string;
  @ApiProperty() unit: string;
  @ApiProperty() requests: number;
  @ApiProperty() requested: number;
  @ApiProperty() pledged: number;
  @ApiProperty() delivered: number;
  @ApiProperty() remaining: number;
}

export class CoverageReportDto {
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty() incidentReference: string;
  @ApiProperty({
    enum: ['actual', 'exercise', 'test'],
    description: 'a drill is reported only with ?includeDrills=true',
  })
  mode: 'actual' | 'exercise' | 'test';
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: [CoverageLineDto] }) requests: CoverageLineDto[];
  @ApiProperty({
    type: [CoverageTotalDto],
    description: 'Per item and unit, cancelled requests left out',
  })
  totals: CoverageTotalDto[];
}
