import { Body, Controller, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import {
  IdParam,
  IfMatchVersion,
  VersionedCreate,
  VersionedRead,
  VersionedWrite,
} from '@relief/runtime';
import type { Response } from 'express';
import { coverageCsv } from './coverage-report';
import { CoverageReportDto } from './coverage-report.dto';
import {
  CancelRequestDto,
  ChangeScopeDto,
  ListRequestsQuery,
  RaiseRequestDto,
  ResourceRequestDto,
  ResourceRequestPageDto,
  UpdateRequestDto,
} from './request.dto';
import { RequestsService } from './requests.service';

const MINISTRY = { roles: ['operator' as const, 'admin' as const], answers: ResourceRequestDto };

@ApiTags('requests')
@Controller()
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post('requests')
  @VersionedCreate({
    ...MINISTRY,
    summary: 'Raise a request for an item against an incident',
    location: (request: ResourceRequestDto) => `/requests/${request.id}`,
    errors: [409, 422],
  })
  raise(@Body() body: RaiseRequestDto, @CurrentUser() user: AuthUser): Promise<ResourceRequestDto> {
    return this.requests.raise(body, user);
  }

  @Get('requests')
  @ApiOperation({ summary: 'Requests by incident, region, status, scope, item or priority' })
  @ApiOkResponse({ type: ResourceRequestPageDto })
  list(@Query() query: ListRequestsQuery): Promise<ResourceRequestPageDto> {
    return this.requests.list(query);
  }

  @Get('requests/:id')
  @VersionedRead({ summary: 'One request with its coverage', answers: ResourceRequestDto })
  get(@IdParam() id: string): Promise<ResourceRequestDto> {
    return this.requests.get(id);
  }

  @Patch('requests/:id')
  @VersionedWrite({
    ...MINISTRY,
    summary: 'Change quantity, priority, needed-by date, location or notes',
    errors: [422],
  })
  update(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: UpdateRequestDto,
  ): Promise<ResourceRequestDto> {
    return this.requests.update(id, body, basedOn);
  }

  @Post('requests/:id/scope')
  @VersionedWrite({
    ...MINISTRY,
    summary: 'Open a request to international partners, or bring it back to domestic',
  })
  changeScope(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ChangeScopeDto,
  ): Promise<ResourceRequestDto> {
    return this.requests.changeScope(id, body.scope, body.reason ?? null, basedOn);
  }

  @Post('requests/:id/cancel')
  @VersionedWrite({ ...MINISTRY, summary: 'Cancel a request (its published offers are declined)' })
  cancel(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: CancelRequestDto,
  ): Promise<ResourceRequestDto> {
    return this.requests.cancel(id, body.reason, basedOn);
  }

  @Get('incidents/:incidentId/coverage')
  @ApiOperation({
    summary: 'Every request of an incident with requested / pledged / delivered / remaining',
    description: 'JSON by default; CSV with ?format=csv or Accept: text/csv',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CoverageReportDto })
  async coverage(
    @IdParam('incidentId') incidentId: string,
    @Query('format') format: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CoverageReportDto | string> {
    const report = await this.requests.coverageReport(incidentId);
    const csv = format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return report;
    res.type('text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="coverage-${report.incidentReference}.csv"`,
    );
    return coverageCsv(report);
  }
}
