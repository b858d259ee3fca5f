import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  INCIDENT_MODES,
  REQUEST_PRIORITIES,
  REQUEST_SCOPES,
  REQUEST_STATUSES,
  type IncidentMode,
  type RequestPriority,
  type RequestScope,
  type RequestStatus,
} from '@relief/contracts';
import { OffsetPageQuery } from '@relief/runtime';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { AvailableRequest } from './request-views.service';

export class ListRequestViewsQuery extends OffsetPageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({
    enum: REQUEST_STATUSES,
    description: 'Not for agencies: they see what they may answer',
  })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;
}

export class RequestViewDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ description: 'Revision of the request this view reflects' }) revision: number;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty() incidentReference: string;
  @ApiProperty({ enum: INCIDENT_MODES, description: "its incident's: actual, or a drill" })
  mode: IncidentMode;
  @ApiProperty() region: string;
  @ApiProperty({ nullable: true, type: String }) itemCode: string | null;
  @ApiProperty() itemName: string;
  @ApiProperty() unit: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The kit composition version the request names (null: none recorded)',
  })
  itemVersion: number | null;
  @ApiProperty({ description: 'Requested quantity' }) quantity: number;
  @ApiProperty({ enum: REQUEST_PRIORITIES }) priority: RequestPriority;
  @ApiProperty() neededBy: string;
  @ApiProperty({ enum: REQUEST_SCOPES }) scope: RequestScope;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ description: 'As last counted by the request service' }) pledged: number;
  @ApiProperty() delivered: number;
  @ApiProperty() remaining: number;
  @ApiProperty({
    description: 'What offers may still be accepted for, counting acceptances made here',
  })
  available: number;

  /** The answer for one request as this service knows it. */
  static of(request: AvailableRequest): RequestViewDto {
    return { ...request };
  }
}

export class RequestViewPageDto {
  @ApiProperty({ type: [RequestViewDto] }) items: RequestViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
