import type { ReceiptStatus } from '../notifications/receipts';

/** What a provider reports about one part after the hand-over. */
export interface ProviderReceipt {
  /** The part's id as the provider gave it when it took the part. */
  providerMessageId: string;
  status: ReceiptStatus;
  /** The provider's error code; null when it reports none. */
  errorCode: string | null;
  /** When the provider says the state was reached; null: when we heard it. */
  at: Date | null;
}

/** A receipt with the name of the provider that carried the part (as Sent.provider says it). */
export interface Receipt extends ProviderReceipt {
  provider: string;
}
