import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import { AddRegionDto, RegionsQuery, RegionView } from './region.dto';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @ApiOperation({ summary: 'Regions incidents can be filed in (ISO 3166-2)' })
  @ApiOkResponse({ type: [RegionView] })
  async list(@Query() query: RegionsQuery): Promise<RegionView[]> {
    return (await this.regions.list(query.country)).map((r) => RegionView.of(r));
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Add a region (admin), e.g. of a neighbouring country' })
  @ApiCreatedResponse({ type: RegionView })
  async add(@Body() body: AddRegionDto, @CurrentUser() user: AuthUser): Promise<RegionView> {
    return RegionView.of(await this.regions.add(body, user.sub));
  }
}
