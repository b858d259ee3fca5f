import {
  Controller,
  HttpCode,
  Injectable,
  Post,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@relief/auth';
import { ApiErrors, BulkBody, BulkContent, MAX_BODY_BYTES } from '@relief/runtime';
import type { Request, Response } from 'express';
import { NotificationServiceConfig } from '../notification-service.config';
import { NotificationException } from '../notifications/notification.exception';
import { DeliveryReceipts } from './delivery-receipts';
import { httpProviderName } from './provider-factory';
import {
  receiptOfWebhook,
  SMS_WEBHOOK_SIGNATURE_HEADER,
  verifyWebhookSignature,
} from './sms-webhook';

/** Lets through only a body signed with SMS_HTTP_WEBHOOK_SECRET (the raw bytes, as they came). */
@Injectable()
export class SmsWebhookSignatureGuard implements CanActivate {
  constructor(private readonly config: NotificationServiceConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const secret = this.config.SMS_HTTP_WEBHOOK_SECRET;
    const body: unknown = req.body;
    const signature = req.headers[SMS_WEBHOOK_SIGNATURE_HEADER];
    if (
      secret &&
      typeof body === 'string' &&
      typeof signature === 'string' &&
      verifyWebhookSignature(body, signature, secret)
    )
      return true;
    // A 401 names the scheme it wants (RFC 9110 §11.6.1): here a signature, not a bearer token.
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader(
        'WWW-Authenticate',
        `HMAC-SHA256 realm="sms-receipts", header="${SMS_WEBHOOK_SIGNATURE_HEADER}"`,
      );
    throw new UnauthorizedException({
      code: 'bad_signature',
      message: `the body is not signed with the shared secret (${SMS_WEBHOOK_SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the body>)`,
    });
  }
}

/** Status callbacks of the HTTP SMS gateway: public for JWT, authenticated by their signature. */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/sms')
export class SmsWebhookController {
  constructor(
    private readonly receipts: DeliveryReceipts,
    private readonly config: NotificationServiceConfig,
  ) {}

  @Post('receipts')
  @HttpCode(204)
  // Read as text, so that the signature is checked over the bytes the gateway signed.
  @BulkBody({ types: ['application/x-www-form-urlencoded'], maxBytes: MAX_BODY_BYTES })
  @UseGuards(SmsWebhookSignatureGuard)
  @ApiOperation({
    summary:
      "The HTTP SMS gateway's delivery receipt for one message (Twilio-like status callback)",
    description:
      'Form fields `MessageSid`, `MessageStatus` (queued|sent|delivered|undelivered|failed|…), `ErrorCode`. ' +
      'Signed: `X-Signature: sha256=<hex HMAC-SHA256 of the body with SMS_HTTP_WEBHOOK_SECRET>`.',
  })
  @ApiHeader({ name: 'X-Signature', required: true, description: 'sha256=<hex HMAC-SHA256>' })
  @ApiNoContentResponse({ description: 'Recorded' })
  @ApiErrors(400, { status: 401, description: '`bad_signature`: unsigned or badly signed' }, 415)
  async receipt(@BulkContent() content: BulkContent): Promise<void> {
    const receipt = typeof content.body === 'string' ? receiptOfWebhook(content.body) : null;
    if (!receipt) {
      throw new NotificationException(
        'invalid',
        'not_a_receipt',
        'a receipt names MessageSid and MessageStatus',
      );
    }
    await this.receipts.record({ ...receipt, provider: httpProviderName(this.config) });
  }
}
