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
import { OffersService } from './offers.service';

/** Its partner's agency acts on an offer; the ministry decides on it. */
const PARTNER = { roles: ['agency' as const], answers: OfferDto };
const MINISTRY = { roles: ['operator' as const, 'admin' as const], answers: OfferDto };

@ApiTags('offers')
@Controller('offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @VersionedCreate({
    ...PARTNER,
    summary: 'Publish an offer against a request, or unsolicited against an incident',
    location: (offer: OfferDto) => `/offers/${offer.id}`,
    errors: [409, 422],
  })
  publish(@Body() body: PublishOfferDto, @CurrentUser() user: AuthUser): Promise<OfferDto> {
    return this.offers.publish(body, user);
  }

  @Get()
  @ApiOperation({ summary: 'Offers by request, incident, partner or status (an agency: its own)' })
  @ApiOkResponse({ type: OfferPageDto })
  list(@Query() query: ListOffersQuery, @CurrentUser() user: AuthUser): Promise<OfferPageDto> {
    return this.offers.list(query, user);
  }

  @Get(':id')
  @VersionedRead({ summary: "One offer (an agency: its own partner's only)", answers: OfferDto })
  get(@IdParam() id: string, @CurrentUser() user: AuthUser): Promise<OfferDto> {
    return this.offers.get(id, user);
  }

  @Patch(':id')
  @VersionedWrite({ ...PARTNER, summary: 'Change a published offer (its partner only)' })
  edit(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: EditOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return this.offers.edit(id, body, basedOn, user);
  }

  @Post(':id/accept')
  @VersionedWrite({
    ...MINISTRY,
    summary: 'Accept all or part of an offer, never beyond the remaining need',
  })
  accept(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: AcceptOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return this.offers.accept(id, body, basedOn, user);
  }

  @Post(':id/decline')
  @VersionedWrite({ ...MINISTRY, summary: 'Decline a published offer, saying why' })
  decline(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ReasonDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return this.offers.decline(id, body.reason, basedOn, user);
  }

  @Post(':id/withdraw')
  @VersionedWrite({
    ...PARTNER,
    summary: 'Withdraw a published or accepted (not yet dispatched) offer',
  })
  withdraw(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: WithdrawOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return this.offers.withdraw(id, body.reason ?? null, basedOn, user);
  }

  @Post(':id/dispatch')
  @VersionedWrite({
    ...PARTNER,
    summary: 'Ship accepted items (once the request side counted the acceptance)',
  })
  dispatch(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: DispatchOfferDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    const expectedArrival = body.expectedArrival
      ? new Date(body.expectedArrival).toISOString()
      : null;
    return this.offers.dispatch(id, expectedArrival, basedOn, user);
  }

  @Post(':id/delivery-report')
  @VersionedWrite({
    ...PARTNER,
    summary: 'The partner reports what arrived; an operator confirms it',
  })
  reportDelivery(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: DeliveryReportDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return this.offers.reportDelivery(id, body.quantity, body.note ?? null, basedOn, user);
  }

  @Post(':id/confirm-delivery')
  @VersionedWrite({ ...MINISTRY, summary: 'Confirm what arrived (may be less than accepted)' })
  confirmDelivery(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: ConfirmDeliveryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfferDto> {
    return this.offers.confirmDelivery(id, body.quantity, basedOn, user);
  }
}
