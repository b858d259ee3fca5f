import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@relief/auth';
import type { Response } from 'express';
import { parseIfMatch, setEtag } from '@relief/runtime';
import { CreatePartnerDto, PartnerDto, UpdatePartnerDto } from './partner.dto';
import { PartnersService } from './partners.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag of the version edited' };

@ApiTags('partners')
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get()
  @ApiOkResponse({ type: [PartnerDto] })
  list(): Promise<PartnerDto[]> {
    return this.partners.list();
  }

  @Get(':code')
  @ApiOkResponse({ type: PartnerDto })
  async get(
    @Param('code') code: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PartnerDto> {
    const partner = await this.partners.get(code);
    setEtag(res, partner.version);
    return partner;
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: PartnerDto })
  async create(
    @Body() body: CreatePartnerDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PartnerDto> {
    const partner = await this.partners.create(body);
    setEtag(res, partner.version);
    res.location(`/partners/${partner.code}`);
    return partner;
  }

  @Patch(':code')
  @Roles('admin')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PartnerDto })
  async update(
    @Param('code') code: string,
    @Body() body: UpdatePartnerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PartnerDto> {
    const partner = await this.partners.update(code, body, parseIfMatch(ifMatch));
    setEtag(res, partner.version);
    return partner;
  }

  @Delete(':code')
  @Roles('admin')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  async remove(
    @Param('code') code: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.partners.remove(code, parseIfMatch(ifMatch));
  }
}
