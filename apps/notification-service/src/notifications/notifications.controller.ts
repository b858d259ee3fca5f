import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@relief/auth';
import { ParseUuidPipe } from '@relief/runtime';
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
  list(@Query() query: ListNotificationsQuery): Promise<NotificationDto[]> {
    return this.notifications.list(query);
  }

  @Post(':id/resend')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed or in-doubt (unknown) notification again' })
  @ApiOkResponse({ type: NotificationDto })
  resend(@Param('id', ParseUuidPipe) id: string): Promise<NotificationDto> {
    return this.notifications.resend(id);
  }
}
