import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@relief/auth';
import { IdParam } from '@relief/runtime';
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
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListRequestViewsQuery,
  ): Promise<RequestViewPageDto> {
    const page = await this.requests.list(user, {
      incidentId: query.incidentId,
      status: query.status,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return { ...page, items: page.items.map((request) => RequestViewDto.of(request)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: RequestViewDto })
  async get(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<RequestViewDto> {
    return RequestViewDto.of(await this.requests.get(user, id));
  }
}
