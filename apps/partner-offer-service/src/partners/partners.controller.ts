import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IfMatchVersion, VersionedCreate, VersionedRead, VersionedWrite } from '@relief/runtime';
import { CreatePartnerDto, PartnerDto, UpdatePartnerDto } from './partner.dto';
import { PartnersService } from './partners.service';

const ADMIN = { roles: ['admin' as const] };

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
  @VersionedRead({ summary: 'One partner by its code (any case)', answers: PartnerDto })
  get(@Param('code') code: string): Promise<PartnerDto> {
    return this.partners.get(code);
  }

  @Post()
  @VersionedCreate({
    ...ADMIN,
    summary: 'Register a partner',
    answers: PartnerDto,
    location: (partner: PartnerDto) => `/partners/${partner.code}`,
    errors: [409],
  })
  create(@Body() body: CreatePartnerDto): Promise<PartnerDto> {
    return this.partners.create(body);
  }

  @Patch(':code')
  @VersionedWrite({ ...ADMIN, summary: 'Change a partner', answers: PartnerDto })
  update(
    @Param('code') code: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: UpdatePartnerDto,
  ): Promise<PartnerDto> {
    return this.partners.update(code, body, basedOn);
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
