import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@relief/auth';
import { keysetPage } from '@relief/database';
import { AuditHistoryQuery, idOfAuditCursor } from './audit-query.dto';
import { AuditSealer } from './audit-sealer.service';
import { AuditTrail } from './audit-trail.service';
import { AuditEntryDto, AuditPageDto, AuditVerifyDto } from './audit-view.dto';

/** Administrators read this service's audit trail: an object's history, and the chain check. */
@ApiTags('audit')
@Roles('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly sealer: AuditSealer,
  ) {}

  @Get()
  @ApiOperation({
    summary: "An object's audit history in this service, newest first; or the entry of an event",
  })
  @ApiOkResponse({ type: AuditPageDto })
  async history(@Query() query: AuditHistoryQuery): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const items = await this.trail.history({
      objectId: query.object,
      eventId: query.event,
      objectType: query.type,
      beforeId: query.cursor ? idOfAuditCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = keysetPage(items, limit, (last) => ({ i: last.id }));
    return { items: page.items.map((item) => AuditEntryDto.of(item)), nextCursor: page.nextCursor };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Seal what can be sealed, then check the hash chain of this service',
    description:
      'Detects edited, removed or reordered sealed rows; not the removal of the newest rows, ' +
      'edits before sealing, or a rewrite of the whole chain (the head hash is not anchored elsewhere).',
  })
  @ApiOkResponse({ type: AuditVerifyDto })
  async verify(): Promise<AuditVerifyDto> {
    await this.sealer.sealPending();
    return AuditVerifyDto.of(await this.trail.verify());
  }
}
