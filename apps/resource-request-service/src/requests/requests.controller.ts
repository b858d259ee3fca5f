import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import type { Response } from 'express';
import { parseIfMatch, ParseUuidPipe, setEtag } from '@relief/runtime';
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

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag of the version the change is based on; a stale one gets 412',
};

@ApiTags('requests')
@Controller()
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Post('requests')
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'Raise a request for an item against an incident' })
  @ApiCreatedResponse({ type: ResourceRequestDto })
  async raise(
    @Body() body: RaiseRequestDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResourceRequestDto> {
    const request = await this.requests.raise(body, user);
    setEtag(res, request.version);
    res.location(`/requests/${request.id}`);
    return request;
  }

  @Get('requests')
  @ApiOperation({ summary: 'Requests by incident, region, status, scope, item or priority' })
  @ApiOkResponse({ type: ResourceRequestPageDto })
  list(@Query() query: ListRequestsQuery): Promise<ResourceRequestPageDto> {
    return this.requests.list(query);
  }

  @Get('requests/:id')
  @ApiOkResponse({ type: ResourceRequestDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResourceRequestDto> {
    const request = await this.requests.get(id);
    setEtag(res, request.version);
    return request;
  }

  @Patch('requests/:id')
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'Change quantity, priority, needed-by date, location or notes' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ResourceRequestDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResourceRequestDto> {
    const request = await this.requests.update(id, body, parseIfMatch(ifMatch));
    setEtag(res, request.version);
    return request;
  }

  @Post('requests/:id/scope')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiOperation({
    summary: 'Open a request to international partners, or bring it back to domestic',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ResourceRequestDto })
  async changeScope(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: ChangeScopeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResourceRequestDto> {
    const request = await this.requests.changeScope(
      id,
      body.scope,
      body.reason ?? null,
      parseIfMatch(ifMatch),
    );
    setEtag(res, request.version);
    return request;
  }

  @Post('requests/:id/cancel')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ResourceRequestDto })
  async cancel(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: CancelRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ResourceRequestDto> {
    const request = await this.requests.cancel(id, body.reason, parseIfMatch(ifMatch));
    setEtag(res, request.version);
    return request;
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
    @Param('incidentId', ParseUuidPipe) incidentId: string,
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
