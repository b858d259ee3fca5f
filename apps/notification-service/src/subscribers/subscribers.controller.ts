import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '@relief/auth';
import { IdParam, VersionedRead } from '@relief/runtime';
import {
  CreateSubscriberDto,
  CreateSubscriptionDto,
  SubscriberDto,
  SubscriptionDto,
  UpdateSubscriberDto,
} from './subscriber.dto';
import { SubscribersService } from './subscribers.service';

@ApiTags('subscribers')
@Controller()
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Post('subscribers')
  @Roles('admin')
  @ApiCreatedResponse({ type: SubscriberDto })
  async create(@Body() body: CreateSubscriberDto): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.create(body));
  }

  @Get('subscribers')
  @Roles('admin')
  @ApiOkResponse({ type: SubscriberDto, isArray: true })
  async list(): Promise<SubscriberDto[]> {
    return (await this.subscribers.list()).map((s) => SubscriberDto.of(s));
  }

  // Before `subscribers/:id`, so `me` is not read as an id.
  @Get('subscribers/me')
  @VersionedRead({
    summary: "The subscriber linked to the caller (its `userId` is the token's `sub`)",
    description: '404 `subscriber_not_found` when no subscriber is linked to the caller.',
    answers: SubscriberDto,
  })
  async me(@CurrentUser() user: AuthUser): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.mine(user));
  }

  @Get('subscribers/:id')
  @ApiOperation({ summary: 'An admin, or the subscriber linked to the caller' })
  @ApiOkResponse({ type: SubscriberDto })
  async get(@IdParam() id: string, @CurrentUser() user: AuthUser): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.get(id, user));
  }

  @Patch('subscribers/:id')
  @ApiOperation({
    summary: 'An admin (any field), or the subscriber linked to the caller (language, channels)',
  })
  @ApiOkResponse({ type: SubscriberDto })
  async update(
    @IdParam() id: string,
    @Body() body: UpdateSubscriberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriberDto> {
    return SubscriberDto.of(await this.subscribers.update(id, body, user));
  }

  @Delete('subscribers/:id')
  @Roles('admin')
  @HttpCode(204)
  remove(@IdParam() id: string): Promise<void> {
    return this.subscribers.remove(id);
  }

  @Get('subscribers/:id/subscriptions')
  @ApiOkResponse({ type: SubscriptionDto, isArray: true })
  async subscriptions(
    @IdParam() id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionDto[]> {
    return (await this.subscribers.subscriptions(id, user)).map((s) => SubscriptionDto.of(s));
  }

  @Post('subscribers/:id/subscriptions')
  @ApiCreatedResponse({ type: SubscriptionDto })
  async subscribe(
    @IdParam() id: string,
    @Body() body: CreateSubscriptionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionDto> {
    return SubscriptionDto.of(await this.subscribers.subscribe(id, body, user));
  }

  @Delete('subscribers/:id/subscriptions/:subscriptionId')
  @HttpCode(204)
  unsubscribeOne(
    @IdParam() id: string,
    @IdParam('subscriptionId') subscriptionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.subscribers.unsubscribe(id, subscriptionId, user);
  }

  @Get('unsubscribe')
  @Public()
  @ApiOperation({ summary: 'The link in every email: stops emails to that subscriber' })
  async unsubscribeLink(@Query('token') token: string): Promise<string> {
    await this.subscribers.unsubscribeByToken(String(token ?? ''));
    return 'You will no longer receive these emails.';
  }
}
