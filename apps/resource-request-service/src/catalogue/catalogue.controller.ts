import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueItemDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';

@ApiTags('catalogue')
@Controller('catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @ApiOperation({ summary: 'Items the ministry requests most, each with its unit' })
  @ApiOkResponse({ type: [CatalogueItemDto] })
  list(): Promise<CatalogueItemDto[]> {
    return this.catalogue.list();
  }
}
