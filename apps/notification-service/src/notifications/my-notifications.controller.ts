import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import { ApiErrors } from '@relief/runtime';
import { MyNotificationsQuery } from './my-notifications-query.dto';
import { NotificationDto } from './notification.dto';
import { NotificationsService } from './notifications.service';

/**
 * The ledger of the subscriber linked to the caller. Apart from NotificationsController, whose
 * `notifications` prefix this path does not share; `subscribers/:id` takes one segment only, so
 * it never shadows `subscribers/me/notifications`.
 */
@ApiTags('notifications')
@Controller('subscribers/me/notifications')
export class MyNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  // No @Roles: any caller with a known role, but only ever their own subscriber's rows.
  @Get()
  @ApiOperation({
    summary:
      "The delivery ledger of the subscriber linked to the caller (its `userId` is the token's `sub`), newest first",
    description: '404 `subscriber_not_found` when no subscriber is linked to the caller.',
  })
  @ApiOkResponse({ type: NotificationDto, isArray: true })
  @ApiErrors(400, 401, 403, {
    status: 404,
    description: '`subscriber_not_found`: no subscriber is linked to the caller',
  })
  async mine(
    @Query() query: MyNotificationsQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<NotificationDto[]> {
    const rows = await this.notifications.mine(user, {
      channel: query.channel,
      status: query.status,
      limit: query.limit ?? 100,
    });
    return rows.map((row) => NotificationDto.of(row));
  }
}
