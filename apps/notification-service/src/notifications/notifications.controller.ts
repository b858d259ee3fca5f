import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@relief/auth';
import { IdParam } from '@relief/runtime';
import { ListNotificationsQuery, NotificationDto } from './notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles('operator', 'admin')
  @ApiOperation({ summary: 'The delivery ledger, newest first' })
  @ApiOkResponse({ type: NotificationDto, isArray: true })
  async list(@Query() query: ListNotificationsQuery): Promise<NotificationDto[]> {
    const rows = await this.notifications.list({
      eventId: query.eventId,
      subscriberId: query.subscriberId,
      channel: query.channel,
      status: query.status,
      limit: query.limit ?? 100,
    });
    return rows.map((row) => NotificationDto.of(row));
  }

  @Post(':id/resend')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed or in-doubt (unknown) notification again' })
  @ApiOkResponse({ type: NotificationDto })
  async resend(@IdParam() id: string): Promise<NotificationDto> {
    return NotificationDto.of(await this.notifications.resend(id));
  }
}
