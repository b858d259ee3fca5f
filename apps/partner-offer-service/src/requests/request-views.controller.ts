import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import { ParseUuidPipe } from '@relief/runtime';
import { ListRequestViewsQuery, RequestViewDto, RequestViewPageDto } from './request-view.dto';
import { RequestViewsService } from './request-views.service';

@ApiTags('requests')
@Controller('requests')
export class RequestViewsController {
  constructor(private readonly requests: RequestViewsService) {}

  @Get()
  @ApiOperation({
    summary: 'Requests as this service knows them',
    description:
      'Operators and admins see all; an agency sees the open requests its partner may still answer ' +
      '(not ended, something left, international scope for an international partner).',
  })
  @ApiOkResponse({ type: RequestViewPageDto })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListRequestViewsQuery,
  ): Promise<RequestViewPageDto> {
    return this.requests.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RequestViewDto })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<RequestViewDto> {
    return this.requests.get(user, id);
  }
}
