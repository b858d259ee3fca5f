import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import {
  IdParam,
  IfMatchVersion,
  VersionedCreate,
  VersionedRead,
  VersionedWrite,
} from '@relief/runtime';
import {
  ListStockQuery,
  RecordStockpileDto,
  RegionStockDto,
  StockMatchDto,
  StockMatchesQuery,
  StockMovementDto,
  StockpileDto,
  StockpilePageDto,
} from './stock.dto';
import { StockService } from './stock.service';

/** Owners: partner agencies for their partner, operators and admins for the ministry. */
const OWNERS = ['agency' as const, 'operator' as const, 'admin' as const];

@ApiTags('stock')
@Controller('stock')
export class StockController {
  constructor(private readonly stock: StockService) {}

  @Post()
  @VersionedCreate({
    roles: OWNERS,
    answers: StockpileDto,
    summary: 'Record a stockpile with its first receipt (owner: your partner, or the ministry)',
    location: (s: StockpileDto) => `/stock/${s.id}`,
  })
  async record(@Body() body: RecordStockpileDto, @CurrentUser() user: AuthUser) {
    const stockpile = await this.stock.record(
      {
        region: body.region,
        warehouse: body.warehouse,
        itemCode: body.itemCode,
        itemVersion: body.itemVersion ?? null,
        unit: body.unit,
        quantity: body.quantity,
        expiresOn: body.expiresOn ?? null,
      },
      user,
    );
    return StockpileDto.of(stockpile);
  }

  @Get()
  @Roles(...OWNERS)
  @ApiOperation({ summary: 'Stockpiles (a partner: its own), keyset-paged' })
  @ApiOkResponse({ type: StockpilePageDto })
  async list(@Query() query: ListStockQuery, @CurrentUser() user: AuthUser) {
    const page = await this.stock.list(
      {
        owner: query.owner,
        region: query.region,
        itemCode: query.itemCode,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      },
      user,
    );
    return { items: page.items.map((s) => StockpileDto.of(s)), nextCursor: page.nextCursor };
  }

  @Get('by-region')
  @Roles(...OWNERS)
  @ApiOperation({
    summary: 'Available stock per region and item, for the map (a partner: its own)',
  })
  @ApiOkResponse({ type: [RegionStockDto] })
  async byRegion(@CurrentUser() user: AuthUser) {
    return (await this.stock.byRegion(user)).map((r) => RegionStockDto.of(r));
  }

  @Get('matches')
  @Roles(...OWNERS)
  @ApiOperation({ summary: "Stock of a request's item, nearest to its region first" })
  @ApiOkResponse({ type: [StockMatchDto] })
  async matches(@Query() query: StockMatchesQuery, @CurrentUser() user: AuthUser) {
    return (await this.stock.matches(query.requestId, user)).map((m) => StockMatchDto.ofMatch(m));
  }

  @Get(':id')
  @VersionedRead({ summary: 'One stockpile (a partner: its own)', answers: StockpileDto })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser) {
    return StockpileDto.of(await this.stock.get(id, user));
  }

  @Post(':id/movements')
  @VersionedWrite({
    roles: OWNERS,
    answers: StockpileDto,
    summary: 'Record a receipt or a write-off (the owner only)',
  })
  async move(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: StockMovementDto,
    @CurrentUser() user: AuthUser,
  ) {
    const stockpile = await this.stock.move(
      id,
      { kind: body.kind, quantity: body.quantity, reason: body.reason ?? null },
      basedOn,
      user,
    );
    return StockpileDto.of(stockpile);
  }
}
