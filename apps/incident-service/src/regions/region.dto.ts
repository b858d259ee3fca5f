import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { trim } from '@relief/config';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { RegionEntity } from './region.entity';
import { REFERENCE_CODE_PATTERN, REGION_CODE_PATTERN } from './region';

export class AddRegionDto {
  @ApiProperty({ example: 'UZ-TO', description: 'ISO 3166-2 subdivision code, upper case' })
  @IsString()
  @Matches(REGION_CODE_PATTERN, { message: 'must be an ISO 3166-2 code such as UZ-TO' })
  code: string;

  @ApiProperty({ example: 'Tashkent Region', maxLength: 150 })
  @Transform(trim)
  @IsString()
  @Length(1, 150)
  name: string;

  @ApiPropertyOptional({ example: 'region', default: 'region', maxLength: 50 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  category?: string;

  @ApiPropertyOptional({
    example: 'TOS',
    description: "the region's part of incident references; defaults to the code after the dash",
  })
  @IsOptional()
  @IsString()
  @Matches(REFERENCE_CODE_PATTERN, { message: 'must be 1 to 3 upper-case letters or digits' })
  referenceCode?: string;
}

export class RegionsQuery {
  @ApiPropertyOptional({ example: 'KZ', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as KZ' })
  country?: string;
}

export class RegionView {
  @ApiProperty({ example: 'KZ-15' }) code: string;
  @ApiProperty({ example: 'KZ' }) country: string;
  @ApiProperty({ example: 'Aktobe Region' }) name: string;
  @ApiProperty({ example: 'region' }) category: string;
  @ApiProperty({ example: 'AKT' }) referenceCode: string;

  static of(row: RegionEntity): RegionView {
    const { code, country, name, category, referenceCode } = row;
    return { code, country, name, category, referenceCode };
  }
}
