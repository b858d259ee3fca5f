import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsKnownRegion,
  ITEM_CODE_PATTERN,
  PARTNER_CODE_PATTERN,
  type StockMovementKind,
} from '@relief/contracts';
import { KeysetPageQuery } from '@relief/database';
import { IsCalendarDate } from '@relief/runtime';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import type { RegionStock, StockMatch } from './stock.service';
import { MANUAL_MOVEMENTS, type StockpileProps } from './stockpile';

const MAX_QUANTITY = 100_000_000;

export class RecordStockpileDto {
  @ApiProperty({ example: 'KZ-19', description: 'ISO 3166-2 region of the warehouse' })
  @IsKnownRegion()
  region: string;

  @ApiProperty({ example: 'UNICEF warehouse, Qonaev' })
  @IsString()
  @Length(1, 200)
  warehouse: string;

  @ApiProperty({ example: 'WASH-HYGIENE-KIT', description: 'Catalogue item code' })
  @Matches(ITEM_CODE_PATTERN, {
    message: 'itemCode must be a catalogue code such as WASH-HYGIENE-KIT',
  })
  itemCode: string;

  @ApiPropertyOptional({
    example: 2,
    nullable: true,
    type: Number,
    description: 'Kit composition version',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  itemVersion?: number | null;

  @ApiProperty({ example: 'kit' })
  @IsString()
  @Length(1, 32)
  unit: string;

  @ApiProperty({ example: 400, minimum: 1, description: 'The first receipt' })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Today or later' })
  @IsOptional()
  @IsCalendarDate()
  expiresOn?: string;
}

export class StockMovementDto {
  @ApiProperty({
    enum: MANUAL_MOVEMENTS,
    description: 'received or written-off; reserve, release and dispatch happen through offers',
  })
  @IsIn(MANUAL_MOVEMENTS, {
    message: `kind must be one of ${MANUAL_MOVEMENTS.join(', ')} (reserved, released and dispatched follow offers)`,
  })
  kind: StockMovementKind;

  @ApiProperty({ example: 100, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required for a write-off' })
  @ValidateIf((o: StockMovementDto) => o.kind === 'written-off' || o.reason !== undefined)
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class ListStockQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ example: 'UNICEF' })
  @IsOptional()
  @Matches(PARTNER_CODE_PATTERN, { message: 'owner must be a partner code such as UNICEF' })
  owner?: string;

  @ApiPropertyOptional({ example: 'KZ-19' })
  @IsOptional()
  @IsKnownRegion()
  region?: string;

  @ApiPropertyOptional({ example: 'WASH-HYGIENE-KIT' })
  @IsOptional()
  @Matches(ITEM_CODE_PATTERN, { message: 'itemCode must be a catalogue code' })
  itemCode?: string;
}

export class StockMatchesQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  requestId: string;
}

export class StockpileDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ example: 'UNICEF' }) ownerCode: string;
  @ApiProperty() ownerName: string;
  @ApiProperty({ example: 'KZ-19' }) region: string;
  @ApiProperty() warehouse: string;
  @ApiProperty() itemCode: string;
  @ApiProperty({ nullable: true, type: Number }) itemVersion: number | null;
  @ApiProperty() unit: string;
  @ApiProperty() onHand: number;
  @ApiProperty() reserved: number;
  @ApiProperty({ description: 'onHand − reserved' }) available: number;
  @ApiProperty({ nullable: true, type: String }) expiresOn: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(p: Readonly<StockpileProps>): StockpileDto {
    return {
      id: p.id,
      version: p.version,
      ownerCode: p.owner.code,
      ownerName: p.owner.name,
      region: p.region,
      warehouse: p.warehouse,
      itemCode: p.itemCode,
      itemVersion: p.itemVersion,
      unit: p.unit,
      onHand: p.onHand,
      reserved: p.reserved,
      available: p.onHand - p.reserved,
      expiresOn: p.expiresOn,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class StockpilePageDto {
  @ApiProperty({ type: [StockpileDto] }) items: StockpileDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class StockMatchDto extends StockpileDto {
  @ApiProperty({ description: "Great-circle km between the regions' administrative centres" })
  distanceKm: number;

  @ApiProperty({ description: 'The request names another kit version than this stock' })
  versionDiffers: boolean;

  @ApiProperty({
    description:
      "The caller acts for the stock's owner (its agency, or the ministry) and may offer from it",
  })
  yours: boolean;

  static ofMatch(m: StockMatch): StockMatchDto {
    return {
      ...StockpileDto.of(m.stockpile),
      distanceKm: m.distanceKm,
      versionDiffers: m.versionDiffers,
      yours: m.yours,
    };
  }
}

export class RegionStockDto {
  @ApiProperty({ example: 'KZ-19' }) region: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() unit: string;
  @ApiProperty() available: number;
  @ApiProperty() onHand: number;
  @ApiProperty() stockpiles: number;

  static of(r: RegionStock): RegionStockDto {
    return { ...r };
  }
}
