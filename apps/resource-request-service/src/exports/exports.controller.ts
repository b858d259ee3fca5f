import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import { HXL_CONTENT_TYPE, hxlFileName } from '@relief/runtime';
import { RequestExportQuery } from './export-query.dto';
import { ExportsService } from './exports.service';
import type { ExportFilter } from './request-export';

const CSV_ANSWER = {
  description: 'HXL-tagged CSV: a row of headers, a row of HXL hashtags, then the data',
  content: { 'text/csv': { schema: { type: 'string' } } },
};

/** HXL exports for the Humanitarian Data Exchange (see the service README). */
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('requests.hxl.csv')
  @ApiOperation({
    summary: 'Every request with its coverage, as HXL-tagged CSV',
    description: 'Any role, as GET /requests. Drills are left out unless includeDrills=true.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_ANSWER)
  requests(@Query() query: RequestExportQuery): StreamableFile {
    const filter = filterOf(query);
    return csvFile(this.exports.requests(filter), hxlFileName('requests', filter.includeDrills));
  }

  @Get('3w.hxl.csv')
  @ApiOperation({
    summary: '3W: requested / pledged / delivered per organisation × region × item, as HXL',
    description:
      "Operators and admins: every organisation. An agency: the ministry's rows and its own " +
      "organisation's, never another partner's. Drills are left out unless includeDrills=true.",
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_ANSWER)
  threeW(@Query() query: RequestExportQuery, @CurrentUser() user: AuthUser): StreamableFile {
    const filter = filterOf(query);
    return csvFile(this.exports.threeW(filter, user), hxlFileName('3w', filter.includeDrills));
  }
}

function filterOf(query: RequestExportQuery): ExportFilter {
  return {
    incidentId: query.incidentId,
    region: query.region,
    includeDrills: query.includeDrills === true,
    lang: query.lang ?? 'en',
  };
}

function csvFile(chunks: AsyncGenerator<string>, fileName: string): StreamableFile {
  return new StreamableFile(Readable.from(chunks), {
    type: HXL_CONTENT_TYPE,
    disposition: `attachment; filename="${fileName}"`,
  });
}
