import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import {
  IdParam,
  IfMatchVersion,
  VersionedCreate,
  VersionedRead,
  VersionedWrite,
} from '@relief/runtime';
import type { GeoCircle, IncidentPatch } from './incident';
import {
  ChangeStatusDto,
  FileIncidentDto,
  SituationUpdateDto,
  UpdateIncidentDto,
  type LocationDto,
} from './incident-input.dto';
import { ListIncidentsQuery, TimelineQuery } from './incident-query.dto';
import { IncidentPageView, IncidentView, TimelineEntryView } from './incident-view.dto';
import { IncidentsService } from './incidents.service';

const CHANGERS = { roles: ['operator' as const, 'admin' as const] };

function toLocation(dto: LocationDto | null | undefined): GeoCircle | null | undefined {
  if (!dto) return dto;
  return { latitude: dto.latitude, longitude: dto.longitude, radiusKm: dto.radiusKm ?? 0 };
}

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @VersionedCreate({
    ...CHANGERS,
    summary: 'File an incident; it starts `reported` with a new reference',
    answers: IncidentView,
    location: (view: IncidentView) => `/incidents/${view.id}`,
  })
  async file(@Body() body: FileIncidentDto, @CurrentUser() user: AuthUser): Promise<IncidentView> {
    const incident = await this.incidents.file(
      {
        title: body.title,
        description: body.description ?? null,
        hazard: body.hazard,
        region: body.region,
        district: body.district ?? null,
        settlement: body.settlement ?? null,
        location: toLocation(body.location) ?? null,
        severity: body.severity,
        urgency: body.urgency,
        certainty: body.certainty,
        occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined,
        figures: body.figures,
        mode: body.mode ?? 'actual',
      },
      user.sub,
    );
    return IncidentView.of(incident);
  }

  @Get()
  @Roles('operator', 'agency', 'admin')
  @ApiOperation({
    summary: 'List incidents, newest first, with filters and cursor pagination',
    description: 'Pass the same filters with `cursor` as with the first page.',
  })
  @ApiOkResponse({ type: IncidentPageView })
  async list(@Query() query: ListIncidentsQuery): Promise<IncidentPageView> {
    const page = await this.incidents.list({
      region: query.region,
      hazard: query.hazard,
      status: query.status,
      severity: query.severity,
      mode: query.mode,
      reference: query.reference,
      reportedFrom: query.reportedFrom ? new Date(query.reportedFrom) : undefined,
      reportedTo: query.reportedTo ? new Date(query.reportedTo) : undefined,
      limit: query.limit ?? 20,
      cursor: query.cursor,
    });
    return { items: page.items.map((i) => IncidentView.of(i)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('operator', 'agency', 'admin')
  @VersionedRead({
    summary: 'One incident; its ETag is the version to send back in If-Match',
    answers: IncidentView,
  })
  async get(@IdParam() id: string): Promise<IncidentView> {
    return IncidentView.of(await this.incidents.get(id));
  }

  @Patch(':id')
  @VersionedWrite({
    ...CHANGERS,
    summary: 'Correct descriptive fields (send only what changes; null clears)',
    answers: IncidentView,
  })
  async update(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: UpdateIncidentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentView> {
    const patch: IncidentPatch = {
      title: body.title,
      description: body.description,
      hazard: body.hazard,
      region: body.region,
      district: body.district,
      settlement: body.settlement,
      location: toLocation(body.location),
      severity: body.severity,
      urgency: body.urgency,
      certainty: body.certainty,
      occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined,
      mode: body.mode,
    };
    const { incident } = await this.incidents.update(id, basedOn, patch, user.sub);
    return IncidentView.of(incident);
  }

  @Post(':id/status')
  @VersionedWrite({
    ...CHANGERS,
    summary: 'Move the incident along reported → active → contained → closed (or cancel it)',
    answers: IncidentView,
  })
  async changeStatus(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ChangeStatusDto,
    @CurrentUser() user: AuthUser,
  ): Promise<IncidentView> {
    const { incident } = await this.incidents.changeStatus(
      id,
      basedOn,
      body.status,
      body.reason ?? null,
      user.sub,
    );
    return IncidentView.of(incident);
  }

  @Post(':id/situation-updates')
  @VersionedWrite({
    ...CHANGERS,
    status: 201,
    summary: 'Add a situation report: narrative and the figures at this moment',
    description: '`incidentVersion` of the entry is the new version (also in the ETag header)',
    answers: TimelineEntryView,
    // The incident's new ETag, so the operator can write again without re-reading.
    versionOf: (entry: TimelineEntryView) => entry.incidentVersion,
  })
  async addSituationUpdate(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: SituationUpdateDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TimelineEntryView> {
    const { entry } = await this.incidents.addSituationUpdate(
      id,
      basedOn,
      body.text,
      body.figures,
      user.sub,
    );
    // A situation update always changes the incident, so it always records an entry.
    if (!entry) throw new Error(`situation update of incident ${id} recorded no timeline entry`);
    return TimelineEntryView.of(entry);
  }

  @Get(':id/timeline')
  @Roles('operator', 'agency', 'admin')
  @ApiOperation({ summary: 'The incident history, oldest first: one entry per version' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  async timeline(
    @IdParam() id: string,
    @Query() query: TimelineQuery,
  ): Promise<TimelineEntryView[]> {
    const rows = await this.incidents.timeline(id, query.after ?? 0, query.limit ?? 100);
    return rows.map((r) => TimelineEntryView.of(r));
  }
}
