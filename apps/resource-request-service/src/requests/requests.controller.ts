import { Body, Controller, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
import { CoverageQuery, CoverageReportDto } from './coverage-report.dto';
import {
  CancelRequestDto,
  ChangeScopeDto,
  ListRequestsQuery,
  RaiseRequestDto,
  ResourceRequestDto,
  ResourceRequestPageDto,
  UpdateRequestDto,
  type LocationDto,
} from './request.dto';
import { RequestsService, type LocationInput, type RequestEdit } from './requests.service';

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
  async raise(
    @Body() body: RaiseRequestDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ResourceRequestDto> {
    const raised = await this.requests.raise(
      {
        incidentId: body.incidentId,
        item: {
          code: body.item.code,
          name: body.item.name,
          unit: body.item.unit,
          version: body.item.version,
        },
        quantity: body.quantity,
        priority: body.priority,
        neededBy: body.neededBy,
        location: toLocation(body.location),
        notes: body.notes ?? null,
        scope: body.scope ?? 'domestic',
      },
      user.sub,
    );
    return ResourceRequestDto.of(raised);
  }

  @Get('requests')
  @ApiOperation({ summary: 'Requests by incident, region, status, scope, item or priority' })
  @ApiOkResponse({ type: ResourceRequestPageDto })
  async list(@Query() query: ListRequestsQuery): Promise<ResourceRequestPageDto> {
    const page = await this.requests.list({
      incidentId: query.incidentId,
      region: query.region,
      status: query.status,
      scope: query.scope,
      itemCode: query.itemCode,
      priority: query.priority,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { ...page, items: page.items.map((r) => ResourceRequestDto.of(r)) };
  }

  @Get('requests/:id')
  @VersionedRead({ summary: 'One request with its coverage', answers: ResourceRequestDto })
  async get(@IdParam() id: string): Promise<ResourceRequestDto> {
    return ResourceRequestDto.of(await this.requests.get(id));
  }

  @Patch('requests/:id')
  @VersionedWrite({
    ...MINISTRY,
    summary: 'Change quantity, priority, needed-by date, location or notes',
    errors: [422],
  })
  async update(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: UpdateRequestDto,
  ): Promise<ResourceRequestDto> {
    const edit: RequestEdit = {
      quantity: body.quantity,
      priority: body.priority,
      neededBy: body.neededBy,
      location: body.location && toLocation(body.location),
      notes: body.notes,
    };
    return ResourceRequestDto.of(await this.requests.update(id, edit, basedOn));
  }

  @Post('requests/:id/scope')
  @VersionedWrite({
    ...MINISTRY,
    summary: 'Open a request to international partners, or bring it back to domestic',
  })
  async changeScope(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ChangeScopeDto,
  ): Promise<ResourceRequestDto> {
    return ResourceRequestDto.of(
      await this.requests.changeScope(id, body.scope, body.reason ?? null, basedOn),
    );
  }

  @Post('requests/:id/cancel')
  @VersionedWrite({ ...MINISTRY, summary: 'Cancel a request (its published offers are declined)' })
  async cancel(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: CancelRequestDto,
  ): Promise<ResourceRequestDto> {
    return ResourceRequestDto.of(await this.requests.cancel(id, body.reason, basedOn));
  }

  @Get('incidents/:incidentId/coverage')
  @ApiOperation({
    summary: 'Every request of an incident with requested / pledged / delivered / remaining',
    description: 'JSON by default; CSV with ?format=csv or Accept: text/csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CoverageReportDto })
  async coverage(
    @IdParam('incidentId') incidentId: string,
    @Query() { format, includeDrills }: CoverageQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CoverageReportDto | string> {
    const report = await this.requests.coverageReport(incidentId, {
      includeDrills: includeDrills === true,
    });
    const csv = format === 'csv' || (format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return report;
    res.type('text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="coverage-${report.mode === 'actual' ? '' : `${report.mode}-`}${report.incidentReference}.csv"`,
    );
    return coverageCsv(report);
  }
}

function toLocation(dto: LocationDto): LocationInput {
  return {
    region: dto.region,
    address: dto.address,
    coordinates: dto.coordinates && {
      latitude: dto.coordinates.latitude,
      longitude: dto.coordinates.longitude,
    },
  };
}
