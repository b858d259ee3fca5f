import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public } from '@relief/auth';
import type { Request, Response } from 'express';
import { EventStreams } from './event-streams';

@Controller('api/events')
export class EventsController {
  constructor(private readonly streams: EventStreams) {}

  /** Server-Sent Events, filtered by what the caller may see (the token is checked here). */
  @Public()
  @Get()
  @ApiExcludeEndpoint()
  async stream(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.streams.open(request, response);
  }
}
