import {
  Body,
  Controller,
  Get,
  HttpCode,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '@relief/auth';
import {
  ApiErrors,
  BulkBody,
  BulkContent,
  IdParam,
  IfMatchVersion,
  MAX_BODY_BYTES,
  VersionedWrite,
} from '@relief/runtime';
import type { Request } from 'express';
import { httpProviderName } from '../delivery/provider-factory';
import { SmsWebhookSignatureGuard } from '../delivery/sms-webhook.controller';
import { NotificationServiceConfig } from '../notification-service.config';
import { FeedbackException } from './feedback.exception';
import { FeedbackIntake } from './feedback-intake';
import {
  FeedbackChangeDto,
  FeedbackDto,
  FeedbackPageDto,
  FeedbackQueryDto,
  FeedbackSummaryQueryDto,
  WebFeedbackDto,
  type FeedbackSummaryDto,
} from './feedback.dto';
import { FeedbackService } from './feedback.service';

const READERS = ['operator', 'admin', 'agency'] as const;

@ApiTags('feedback')
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Feedback from an affected person (the public web form): no sign-in, no personal data',
    description:
      'Rate-limited per client address (FEEDBACK_WEB_RATE_LIMIT per FEEDBACK_WEB_RATE_WINDOW_S): 429 with Retry-After.',
  })
  @ApiErrors(400, { status: 429, description: '`too_many_feedback`, with Retry-After' })
  async submit(@Body() body: WebFeedbackDto, @Req() req: Request): Promise<{ id: string }> {
    const stored = await this.feedback.receiveWeb(
      body,
      req.ip ?? req.socket.remoteAddress ?? 'unknown',
    );
    return { id: stored.id };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Feedback, newest first (keyset paged); agencies: about the items they delivered, without phone numbers',
  })
  @ApiOkResponse({ type: FeedbackPageDto })
  @ApiErrors(400, 401, 403)
  async list(
    @Query() query: FeedbackQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FeedbackPageDto> {
    const { limit = 50, cursor, ...filter } = query;
    const page = await this.feedback.list(user, filter, { limit, cursor });
    return { items: page.items.map((r) => FeedbackDto.of(r)), nextCursor: page.nextCursor };
  }

  @Get('summary')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Counts per item and category, and the words said most often' })
  @ApiErrors(400, 401, 403)
  summary(
    @Query() query: FeedbackSummaryQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FeedbackSummaryDto> {
    return this.feedback.summary(user, query);
  }

  @Patch(':id')
  @VersionedWrite({
    roles: ['operator', 'admin'],
    summary: 'Categorise feedback or mark it handled',
    answers: FeedbackDto,
  })
  async change(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() body: FeedbackChangeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FeedbackDto> {
    return FeedbackDto.of(await this.feedback.categorise(user, id, body, basedOn));
  }
}

/** Texts people send to the platform's number, as the HTTP SMS gateway forwards them. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/sms')
export class SmsInboundWebhookController {
  constructor(
    private readonly intake: FeedbackIntake,
    private readonly config: NotificationServiceConfig,
  ) {}

  @Post('inbound')
  @HttpCode(204)
  @BulkBody({ types: ['application/x-www-form-urlencoded'], maxBytes: MAX_BODY_BYTES })
  @UseGuards(SmsWebhookSignatureGuard)
  @ApiOperation({
    summary: 'A text someone sent to the platform (Twilio-like inbound webhook)',
    description:
      'Form fields `MessageSid` (the idempotency key), `From` (E.164), `Body`. Signed like the receipts webhook.',
  })
  @ApiHeader({ name: 'X-Signature', required: true, description: 'sha256=<hex HMAC-SHA256>' })
  @ApiNoContentResponse({ description: 'Stored (or already stored)' })
  @ApiErrors(400, { status: 401, description: '`bad_signature`: unsigned or badly signed' }, 415)
  async inbound(@BulkContent() content: BulkContent): Promise<void> {
    const form = new URLSearchParams(typeof content.body === 'string' ? content.body : '');
    const sid = form.get('MessageSid')?.trim();
    const from = form.get('From')?.trim();
    const text = form.get('Body') ?? '';
    if (!sid || !from || !/^\+\d{6,15}$/.test(from)) {
      throw new FeedbackException(
        'invalid',
        'not_an_inbound_message',
        'an inbound message names MessageSid and From (E.164)',
      );
    }
    await this.intake.receive({
      provider: httpProviderName(this.config),
      gatewayMessageId: sid,
      from,
      text,
    });
  }
}
