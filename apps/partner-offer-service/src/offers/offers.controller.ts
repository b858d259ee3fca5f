import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import {
  IdParam,
  IfMatchVersion,
  VersionedCreate,
  VersionedRead,
  VersionedWrite,
} from '@relief/runtime';
import {
  AcceptOfferDto,
  ConfirmDeliveryDto,
  DeliveryReportDto,
  DispatchOfferDto,
  EditOfferDto,
  ListOffersQuery,
  OfferDto,
  OfferPageDto,
  PublishOfferDto,
  ReasonDto,
  WithdrawOfferDto,
} from './offer.dto';
import type { OfferChanges } from './offer';
import { OffersService } from './offers.service';

/**
 * Its owner acts on an offer: its partner's agency, or for the ministry's own offer (from its
 * stock) the ministry's operators and admins; the roles let them in, the offer's owner rule
 * (`actsFor`) refuses anyone any other offer. The ministry decides on every offer.
 */
const OWNER = {
  roles: ['agency' as const, 'operator' as const, 'admin' as const],
  answers: OfferDto,
};
const MINISTRY = { roles: ['operator' as const, 'admin' as const], answers: OfferDto };

@ApiTags('offers')
@Controller('offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @VersionedCreate({
    ...OWNER,
    summary: 'Publish an offer against a request, or unsolicited against an incident',
    location: (offer: OfferDto) => `/offers/${offer.id}`,
    errors: [409, 422],
  })
  async publish(@Body() body: PublishOfferDto, @CurrentUser() user: AuthUser): Promise<OfferDto> {
    const offer = await this.offers.publish(
      {
        requestId: body.requestId,
        incidentId: body.incidentId,
        item: body.item && {
          code: body.item.code ?? null,
          name: body.item.name,
          unit: body.item.unit,
        },
        quantity: body.quantity,
        unit: body.unit,
        expectedDeliveryDate: body.expectedDeliveryDate ?? null,
        conditions: body.conditions ?? null,
        note: body.note ?? null,
        stockpileId: body.stockpileId,
        itemVersion: body.itemVersion,
      },
      user,
    );
    return OfferDto.of(offer);
  }

  @Get()
  @ApiOperation({ summary: 'Offers by request, incident, partner or status (an agency: its own)' })
  @ApiOkResponse({ type: OfferPageDto })
  async list(
    @Query() query: ListOffersQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferPageDto> {
    const page = await this.offers.list(
      {
        requestId: query.requestId,
        incidentId: query.incidentId,
        partnerCode: query.partnerCode,
        status: query.status,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      },
      user,
    );
    return { ...page, items: page.items.map((offer) => OfferDto.of(offer)) };
  }

  @Get(':id')
  @VersionedRead({ summary: "One offer (an agency: its own partner's only)", answers: OfferDto })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser): Promise<OfferDto> {
    return OfferDto.of(await this.offers.get(id, user));
  }

  @Patch(':id')
  @VersionedWrite({ ...OWNER, summary: 'Change a published offer (its owner only)' })
  async edit(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: EditOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    const changes: OfferChanges = {
      quantity: body.quantity,
      expectedDeliveryDate: body.expectedDeliveryDate,
      conditions: body.conditions,
      note: body.note,
    };
    return OfferDto.of(await this.offers.edit(id, changes, basedOn, user));
  }

  @Post(':id/accept')
  @VersionedWrite({
    ...MINISTRY,
    summary: 'Accept all or part of an offer, never beyond the remaining need',
  })
  async accept(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: AcceptOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return OfferDto.of(
      await this.offers.accept(
        id,
        { quantity: body.quantity, requestId: body.requestId },
        basedOn,
        user,
      ),
    );
  }

  @Post(':id/decline')
  @VersionedWrite({ ...MINISTRY, summary: 'Decline a published offer, saying why' })
  async decline(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ReasonDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return OfferDto.of(await this.offers.decline(id, body.reason, basedOn, user));
  }

  @Post(':id/withdraw')
  @VersionedWrite({
    ...OWNER,
    summary: 'Withdraw a published or accepted (not yet dispatched) offer',
  })
  async withdraw(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: WithdrawOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return OfferDto.of(await this.offers.withdraw(id, body.reason ?? null, basedOn, user));
  }

  @Post(':id/dispatch')
  @VersionedWrite({
    ...OWNER,
    summary: 'Ship accepted items (once the request side counted the acceptance)',
  })
  async dispatch(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: DispatchOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    const expectedArrival = body.expectedArrival
      ? new Date(body.expectedArrival).toISOString()
      : null;
    return OfferDto.of(await this.offers.dispatch(id, expectedArrival, basedOn, user));
  }

  @Post(':id/delivery-report')
  @VersionedWrite({
    ...OWNER,
    summary: 'The partner reports what arrived; an operator confirms it',
  })
  async reportDelivery(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: DeliveryReportDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return OfferDto.of(
      await this.offers.reportDelivery(id, body.quantity, body.note ?? null, basedOn, user),
    );
  }

  @Post(':id/confirm-delivery')
  @VersionedWrite({ ...MINISTRY, summary: 'Confirm what arrived (may be less than accepted)' })
  async confirmDelivery(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ConfirmDeliveryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return OfferDto.of(await this.offers.confirmDelivery(id, body.quantity, basedOn, user));
  }
}
