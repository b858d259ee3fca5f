import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { NotificationLedger } from '../notifications/notification-ledger';
import { DeliveryMetrics } from './delivery.metrics';
import { SMS_PROVIDER, type Receipt, type SmsProvider } from './providers/providers';

/**
 * Where delivery receipts go, from the SMPP provider (deliver_sm) and the HTTP gateway's
 * webhook alike: onto the part in the ledger, and into notification_receipts_total.
 */
@Injectable()
export class DeliveryReceipts implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeliveryReceipts.name);

  constructor(
    private readonly ledger: NotificationLedger,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
  ) {}

  onApplicationBootstrap(): void {
    this.sms.onReceipt?.((receipt) => void this.fromProvider(receipt));
  }

  /** Throws when it cannot be stored (the webhook answers 5xx, and the gateway tries again). */
  async record(receipt: Receipt): Promise<void> {
    await this.ledger.recordReceipt(receipt);
    DeliveryMetrics.receipts.inc({ provider: receipt.provider, status: receipt.status });
  }

  /**
   * SMPP receipts are acknowledged as they arrive (deliver_sm_resp), so one that cannot be
   * stored is lost: logged, with what it said.
   */
  private async fromProvider(receipt: Receipt): Promise<void> {
    await this.record(receipt).catch((error: unknown) =>
      this.logger.warn(
        `receipt ${receipt.provider}/${receipt.providerMessageId} ${receipt.status} not recorded: ${String(error)}`,
      ),
    );
  }
}
