import { ApiProperty } from '@nestjs/swagger';
import { REQUEST_PRIORITIES, REQUEST_SCOPES, REQUEST_STATUSES } from '@relief/contracts';

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
