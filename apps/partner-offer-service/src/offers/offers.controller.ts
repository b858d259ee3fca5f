import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@relief/auth';
import type { Response } from 'express';
import { parseIfMatch, ParseUuidPipe, setEtag } from '@relief/runtime';
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

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag of the version acted on; stale → 412',
};

@ApiTags('offers')
@Controller('offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @Roles('agency')
  @ApiOperation({
    summary: 'Publish an offer against a request, or unsolicited against an incident',
  })
  @ApiCreatedResponse({ type: OfferDto })
  async publish(
    @Body() body: PublishOfferDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    const offer = await this.offers.publish(body, user);
    setEtag(res, offer.version);
    res.location(`/offers/${offer.id}`);
    return offer;
  }

  @Get()
  @ApiOperation({ summary: 'Offers by request, incident, partner or status (an agency: its own)' })
  @ApiOkResponse({ type: OfferPageDto })
  list(@Query() query: ListOffersQuery, @CurrentUser() user: AuthUser): Promise<OfferPageDto> {
    return this.offers.list(query, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: OfferDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(res, await this.offers.get(id, user));
  }

  @Patch(':id')
  @Roles('agency')
  @ApiOperation({ summary: 'Change a published offer (its partner only)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async edit(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: EditOfferDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(res, await this.offers.edit(id, body, parseIfMatch(ifMatch), user));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'Accept all or part of an offer, never beyond the remaining need' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async accept(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: AcceptOfferDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(res, await this.offers.accept(id, body, parseIfMatch(ifMatch), user));
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async decline(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(res, await this.offers.decline(id, body.reason, parseIfMatch(ifMatch), user));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'Withdraw a published or accepted (not yet dispatched) offer' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async withdraw(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: WithdrawOfferDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(
      res,
      await this.offers.withdraw(id, body.reason ?? null, parseIfMatch(ifMatch), user),
    );
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'Ship accepted items (once the request side counted the acceptance)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async dispatch(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: DispatchOfferDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    const expectedArrival = body.expectedArrival
      ? new Date(body.expectedArrival).toISOString()
      : null;
    return this.etag(
      res,
      await this.offers.dispatch(id, expectedArrival, parseIfMatch(ifMatch), user),
    );
  }

  @Post(':id/delivery-report')
  @HttpCode(200)
  @Roles('agency')
  @ApiOperation({ summary: 'The partner reports what arrived; an operator confirms it' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async reportDelivery(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: DeliveryReportDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(
      res,
      await this.offers.reportDelivery(
        id,
        body.quantity,
        body.note ?? null,
        parseIfMatch(ifMatch),
        user,
      ),
    );
  }

  @Post(':id/confirm-delivery')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'Confirm what arrived (may be less than accepted)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OfferDto })
  async confirmDelivery(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: ConfirmDeliveryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.etag(
      res,
      await this.offers.confirmDelivery(id, body.quantity, parseIfMatch(ifMatch), user),
    );
  }

  private etag(res: Response, offer: OfferDto): OfferDto {
    setEtag(res, offer.version);
    return offer;
  }
}
