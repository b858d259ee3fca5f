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
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import type { Response } from 'express';
import type { GeoCircle, IncidentPatch } from './incident';
import {
  ChangeStatusDto,
  FileIncidentDto,
  IdParam,
  IncidentPageView,
  IncidentView,
  ListIncidentsQuery,
  SituationUpdateDto,
  TimelineEntryView,
  TimelineQuery,
  UpdateIncidentDto,
  type LocationDto,
} from './incident.dto';
import { etagOf, parseIfMatch } from './if-match';
import { IncidentsService } from './incidents.service';

const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description:
    'ETag of the version the change is based on, e.g. "3" (428 if missing, 412 if stale)',
};
const WRITE_ERRORS = [
  { status: 400, description: 'invalid input; `errors` names each field' },
  { status: 403, description: 'only operator and admin may change incidents' },
  { status: 404, description: 'no such incident' },
  {
    status: 409,
    description: 'the incident is closed/cancelled, or the transition is not allowed',
  },
  { status: 412, description: 'the incident changed since the version in If-Match' },
  { status: 428, description: 'If-Match is missing' },
];

function toLocation(dto: LocationDto | null | undefined): GeoCircle | null | undefined {
  if (!dto) return dto;
  return { latitude: dto.latitude, longitude: dto.longitude, radiusKm: dto.radiusKm ?? 0 };
}

function ApiErrors(responses: { status: number; description: string }[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const response of responses) ApiResponse(response)(target, key, descriptor);
  };
}

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'File an incident; it starts `reported` with a new reference' })
  @ApiCreatedResponse({ type: IncidentView, description: 'with Location and ETag headers' })
  @ApiErrors(WRITE_ERRORS.filter((e) => e.status === 400 || e.status === 403))
  async file(
    @Body() body: FileIncidentDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
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
      },
      user.sub,
    );
    res.setHeader('Location', `/incidents/${incident.id}`);
    res.setHeader('ETag', etagOf(incident.version));
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
  @ApiOperation({ summary: 'One incident; its ETag is the version to send back in If-Match' })
  @ApiOkResponse({ type: IncidentView })
  async get(
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
    const incident = await this.incidents.get(id);
    res.setHeader('ETag', etagOf(incident.version));
    return IncidentView.of(incident);
  }

  @Patch(':id')
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'Correct descriptive fields (send only what changes; null clears)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: IncidentView })
  @ApiErrors(WRITE_ERRORS)
  async update(
    @Param() { id }: IdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateIncidentDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
    const basedOn = parseIfMatch(ifMatch);
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
    };
    const { incident } = await this.incidents.update(id, basedOn, patch, user.sub);
    res.setHeader('ETag', etagOf(incident.version));
    return IncidentView.of(incident);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiOperation({
    summary: 'Move the incident along reported → active → contained → closed (or cancel it)',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: IncidentView })
  @ApiErrors(WRITE_ERRORS)
  async changeStatus(
    @Param() { id }: IdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ChangeStatusDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
    const basedOn = parseIfMatch(ifMatch);
    const { incident } = await this.incidents.changeStatus(
      id,
      basedOn,
      body.status,
      body.reason ?? null,
      user.sub,
    );
    res.setHeader('ETag', etagOf(incident.version));
    return IncidentView.of(incident);
  }

  @Post(':id/situation-updates')
  @HttpCode(201)
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'Add a situation report: narrative and the figures at this moment' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({
    type: TimelineEntryView,
    description: '`incidentVersion` is the new version (also in the ETag header)',
  })
  @ApiErrors(WRITE_ERRORS)
  async addSituationUpdate(
    @Param() { id }: IdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: SituationUpdateDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TimelineEntryView> {
    const basedOn = parseIfMatch(ifMatch);
    const { incident, entry } = await this.incidents.addSituationUpdate(
      id,
      basedOn,
      body.text,
      body.figures,
      user.sub,
    );
    // The incident's new ETag, so the operator can write again without re-reading.
    res.setHeader('ETag', etagOf(incident.version));
    return TimelineEntryView.of(entry!);
  }

  @Get(':id/timeline')
  @Roles('operator', 'agency', 'admin')
  @ApiOperation({ summary: 'The incident history, oldest first: one entry per version' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  async timeline(
    @Param() { id }: IdParam,
    @Query() query: TimelineQuery,
  ): Promise<TimelineEntryView[]> {
    const rows = await this.incidents.timeline(id, query.after ?? 0, query.limit ?? 100);
    return rows.map((r) => TimelineEntryView.of(r));
  }
}
