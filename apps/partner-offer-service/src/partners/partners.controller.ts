import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IfMatchVersion, VersionedCreate, VersionedRead, VersionedWrite } from '@relief/runtime';
import { CreatePartnerDto, PartnerDto, UpdatePartnerDto } from './partner.dto';
import type { PartnerChanges } from './partner';
import { PartnersService } from './partners.service';

const ADMIN = { roles: ['admin' as const] };

@ApiTags('partners')
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get()
  @ApiOkResponse({ type: [PartnerDto] })
  async list(): Promise<PartnerDto[]> {
    return (await this.partners.list()).map((partner) => PartnerDto.of(partner));
  }

  @Get(':code')
  @VersionedRead({ summary: 'One partner by its code (any case)', answers: PartnerDto })
  async get(@Param('code') code: string): Promise<PartnerDto> {
    return PartnerDto.of(await this.partners.get(code));
  }

  @Post()
  @VersionedCreate({
    ...ADMIN,
    summary: 'Register a partner',
    answers: PartnerDto,
    location: (partner: PartnerDto) => `/partners/${partner.code}`,
    errors: [409],
  })
  async create(@Body() body: CreatePartnerDto): Promise<PartnerDto> {
    return PartnerDto.of(
      await this.partners.create({
        code: body.code,
        name: body.name,
        kind: body.kind,
        origin: body.origin,
        contactEmail: body.contactEmail,
        contactPhone: body.contactPhone,
      }),
    );
  }

  @Patch(':code')
  @VersionedWrite({ ...ADMIN, summary: 'Change a partner', answers: PartnerDto })
  async update(
    @Param('code') code: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: UpdatePartnerDto,
  ): Promise<PartnerDto> {
    const changes: PartnerChanges = {
      name: body.name,
      kind: body.kind,
      origin: body.origin,
      contactEmail: body.contactEmail,
      contactPhone: body.contactPhone,
    };
    return PartnerDto.of(await this.partners.update(code, changes, basedOn));
  }

  @Delete(':code')
  @VersionedWrite({
    ...ADMIN,
    status: 204,
    summary: 'Remove a partner that never offered anything (409 otherwise)',
  })
  remove(@Param('code') code: string, @IfMatchVersion() basedOn: number): Promise<void> {
    return this.partners.remove(code, basedOn);
  }
}
