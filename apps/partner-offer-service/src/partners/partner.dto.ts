import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PARTNER_CODE_PATTERN,
  PARTNER_KINDS,
  PARTNER_ORIGINS,
  type PartnerKind,
  type PartnerOrigin,
} from '@relief/contracts';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { OptionalNotNull } from '@relief/runtime';
import type { PartnerProps } from './partner';

export class CreatePartnerDto {
  @ApiProperty({
    example: 'KAZ-NGO-ZHARDEM',
    description: 'Upper case; agency tokens name it as `org`',
  })
  @Matches(PARTNER_CODE_PATTERN, {
    message: 'code: upper-case letters, digits, dot, dash, underscore',
  })
  code: string;

  @ApiProperty({ example: 'Zhardem Public Foundation' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: PARTNER_KINDS })
  @IsIn(PARTNER_KINDS)
  kind: PartnerKind;

  @ApiProperty({ enum: PARTNER_ORIGINS })
  @IsIn(PARTNER_ORIGINS)
  origin: PartnerOrigin;

  @ApiPropertyOptional({ example: 'duty@zhardem.example.org' })
  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @ApiPropertyOptional({ example: '+7 717 200 0000' })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  contactPhone?: string;
}

export class UpdatePartnerDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: PARTNER_KINDS })
  @OptionalNotNull()
  @IsIn(PARTNER_KINDS)
  kind?: PartnerKind;

  @ApiPropertyOptional({ enum: PARTNER_ORIGINS })
  @OptionalNotNull()
  @IsIn(PARTNER_ORIGINS)
  origin?: PartnerOrigin;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsEmail()
  contactEmail?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Length(3, 32)
  contactPhone?: string | null;
}

export class PartnerDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTNER_KINDS }) kind: PartnerKind;
  @ApiProperty({ enum: PARTNER_ORIGINS }) origin: PartnerOrigin;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  /** The answer for one partner. */
  static of(p: Readonly<PartnerProps>): PartnerDto {
    return { ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
  }
}
