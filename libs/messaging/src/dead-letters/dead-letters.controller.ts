import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Post,
  Query,
} from '@nestjs/common';
import { Roles } from '@relief/auth';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  DeadLetterNotFoundError,
  DeadLetterService,
  UnknownTopicError,
  type DeadLetterEntry,
  type ReplayResult,
} from './dead-letter.service';

export class ListDeadLettersQuery {
  @ApiProperty({ example: 'incident.events', description: 'Event topic or its .dlq topic' })
  @IsString()
  topic: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ReplayDeadLetterBody {
  @ApiProperty({ example: 'incident.events.dlq' })
  @IsString()
  topic: string;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  partition: number;

  @ApiProperty({ example: '42', description: 'Offset in the dead-letter topic (a string: int64)' })
  @Matches(/^\d{1,19}$/)
  offset: string;
}

/**
 * Administrators' view of dead letters. Registered only with `deadLetterAdmin: true`.
 */
@ApiTags('dead letters')
@Roles('admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @ApiOperation({ summary: 'List the dead letters of a topic, oldest first' })
  async list(@Query() query: ListDeadLettersQuery): Promise<DeadLetterEntry[]> {
    return this.translate(() => this.deadLetters.list(query.topic, { limit: query.limit }));
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a dead letter again to its original topic' })
  async replay(@Body() body: ReplayDeadLetterBody): Promise<ReplayResult> {
    return this.translate(() => this.deadLetters.replay(body.topic, body.partition, body.offset));
  }

  private async translate<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UnknownTopicError) throw new BadRequestException(error.message);
      if (error instanceof DeadLetterNotFoundError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
