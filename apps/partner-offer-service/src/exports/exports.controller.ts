import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import { HXL_CONTENT_TYPE, hxlFileName } from '@relief/runtime';
import { OfferExportQuery } from './export-query.dto';
import { ExportsService } from './exports.service';

/** HXL exports for the Humanitarian Data Exchange (see the service README). */
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('offers.hxl.csv')
  @ApiOperation({
    summary: 'Every offer (organisation, item, quantities, status, region), as HXL-tagged CSV',
    description:
      "Operators and admins: every partner's offers; an agency: its own partner's only (as " +
      'GET /offers). Drills are left out unless includeDrills=true.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'HXL-tagged CSV: a row of headers, a row of HXL hashtags, then the data',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  offers(@Query() query: OfferExportQuery, @CurrentUser() user: AuthUser): StreamableFile {
    const includeDrills = query.includeDrills === true;
    const chunks = this.exports.offers(
      {
        incidentId: query.incidentId,
        region: query.region,
        includeDrills,
        lang: query.lang ?? 'en',
      },
      user,
    );
    return new StreamableFile(Readable.from(chunks), {
      type: HXL_CONTENT_TYPE,
      disposition: `attachment; filename="${hxlFileName('offers', includeDrills)}"`,
    });
  }
}
