import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import { ApiErrors, VersionedCreate } from '@relief/runtime';
import { CatalogueItemDto } from './catalogue.dto';
import { CatalogueService } from './catalogue.service';
import { KitDiffDto, KitVersionDto, PublishKitVersionDto } from './kit-version.dto';
import { KitVersionsService } from './kit-versions.service';
import { VersionParam } from './version-param.pipe';

@ApiTags('catalogue')
@Controller('catalogue')
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly kits: KitVersionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Items the ministry requests most, each with its unit' })
  @ApiOkResponse({ type: [CatalogueItemDto] })
  list(): Promise<CatalogueItemDto[]> {
    return this.catalogue.list();
  }

  @Post('items/:code/versions')
  @VersionedCreate({
    roles: ['operator', 'admin'],
    summary:
      'Publish a new composition of a kit (any item; its first makes it a kit), citing the feedback behind it',
    answers: KitVersionDto,
    location: (v: KitVersionDto) => `/catalogue/items/${v.itemCode}/versions/${v.version}`,
    errors: [404],
  })
  async publish(
    @Param('code') code: string,
    @Body() body: PublishKitVersionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<KitVersionDto> {
    const version = await this.kits.publish(
      code,
      {
        contents: body.contents.map((entry) => ({
          itemCode: entry.itemCode ?? null,
          name: entry.name,
          quantity: entry.quantity,
          unit: entry.unit,
        })),
        note: body.note ?? null,
        citation: body.citation
          ? {
              feedbackCount: body.citation.feedbackCount,
              incidentId: body.citation.incidentId ?? null,
              regionCode: body.citation.regionCode ?? null,
              category: body.citation.category ?? null,
              summary: body.citation.summary,
            }
          : null,
      },
      user.sub,
    );
    return KitVersionDto.of(version);
  }

  @Get('items/:code/versions')
  @ApiOperation({ summary: "A kit's compositions, oldest first (empty: the item is not a kit)" })
  @ApiOkResponse({ type: [KitVersionDto] })
  @ApiErrors(401, 403, 404)
  async versions(@Param('code') code: string): Promise<KitVersionDto[]> {
    return (await this.kits.list(code)).map((v) => KitVersionDto.of(v));
  }

  @Get('items/:code/versions/:version')
  @ApiOperation({ summary: 'One composition of a kit' })
  @ApiOkResponse({ type: KitVersionDto })
  @ApiErrors(400, 401, 403, 404)
  async version(
    @Param('code') code: string,
    @VersionParam('version') version: number,
  ): Promise<KitVersionDto> {
    return KitVersionDto.of(await this.kits.get(code, version));
  }

  @Get('items/:code/versions/:from/diff/:to')
  @ApiOperation({
    summary: 'What changed between two compositions: added, removed, quantity changed',
  })
  @ApiOkResponse({ type: KitDiffDto })
  @ApiErrors(400, 401, 403, 404)
  async diff(
    @Param('code') code: string,
    @VersionParam('from') from: number,
    @VersionParam('to') to: number,
  ): Promise<KitDiffDto> {
    return KitDiffDto.of(await this.kits.diff(code, from, to));
  }
}
