import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '@relief/auth';
import { ParseUuidPipe } from '@relief/runtime';
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
  create(@Body() body: CreateSubscriberDto): Promise<SubscriberDto> {
    return this.subscribers.create(body);
  }

  @Get('subscribers')
  @Roles('admin')
  @ApiOkResponse({ type: SubscriberDto, isArray: true })
  list(): Promise<SubscriberDto[]> {
    return this.subscribers.list();
  }

  @Get('subscribers/:id')
  @ApiOperation({ summary: 'An admin, or the subscriber linked to the caller' })
  @ApiOkResponse({ type: SubscriberDto })
  get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriberDto> {
    return this.subscribers.get(id, user);
  }

  @Patch('subscribers/:id')
  @ApiOperation({
    summary: 'An admin (any field), or the subscriber linked to the caller (language, channels)',
  })
  @ApiOkResponse({ type: SubscriberDto })
  update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateSubscriberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriberDto> {
    return this.subscribers.update(id, body, user);
  }

  @Delete('subscribers/:id')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    return this.subscribers.remove(id);
  }

  @Get('subscribers/:id/subscriptions')
  @ApiOkResponse({ type: SubscriptionDto, isArray: true })
  subscriptions(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionDto[]> {
    return this.subscribers.subscriptions(id, user);
  }

  @Post('subscribers/:id/subscriptions')
  @ApiCreatedResponse({ type: SubscriptionDto })
  subscribe(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: CreateSubscriptionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SubscriptionDto> {
    return this.subscribers.subscribe(id, body, user);
  }

  @Delete('subscribers/:id/subscriptions/:subscriptionId')
  @HttpCode(204)
  unsubscribeOne(
    @Param('id', ParseUuidPipe) id: string,
    @Param('subscriptionId', ParseUuidPipe) subscriptionId: string,
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
