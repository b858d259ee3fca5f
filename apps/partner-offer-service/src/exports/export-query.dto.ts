import { ApiPropertyOptional } from '@nestjs/swagger';
import { REGION_PATTERN } from '@relief/contracts';
import { HxlExportQuery } from '@relief/runtime';
import { IsOptional, IsUUID, Matches } from 'class-validator';

/** `?incidentId=&region=&lang=&includeDrills=` of `offers.hxl.csv`. */
export class OfferExportQuery extends HxlExportQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "one incident's offers only" })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @ApiPropertyOptional({
    example: 'KZ-15',
    description: "one region (ISO 3166-2) only: the offer's request's, else its incident's",
  })
  @IsOptional()
  @Matches(REGION_PATTERN, { message: 'region must be an ISO 3166-2 code such as KZ-15' })
  region?: string;
}
