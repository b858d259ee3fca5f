import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SMS_PROVIDER, type InboundSms, type SmsProvider } from '../delivery/providers/providers';
import { FeedbackService } from './feedback.service';

/**
 * Where texts sent to the platform's number go, from the SMPP provider (deliver_sm that is not
 * a receipt) and the HTTP gateway's inbound webhook alike. Unlike receipts, the gateway is
 * answered only after the message is stored: a failure makes it deliver the message again.
 */
@Injectable()
export class FeedbackIntake implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeedbackIntake.name);

  constructor(
    private readonly feedback: FeedbackService,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
  ) {}

  onApplicationBootstrap(): void {
    this.sms.onInbound?.((sms) => this.receive(sms));
  }

  /** Throws when it cannot be stored (the gateway is told to try again). */
  async receive(sms: InboundSms): Promise<void> {
    await this.feedback.receiveSms(sms).catch((error: unknown) => {
      this.logger.warn(
        `inbound ${sms.provider}/${sms.gatewayMessageId} not stored: ${String(error)}`,
      );
      throw error;
    });
  }
}
