import { receiptOfWebhook, signWebhookBody, verifyWebhookSignature } from './sms-webhook';

const SECRET = 'a-long-shared-webhook-secret';
const BODY = 'MessageSid=SM123&MessageStatus=undelivered&ErrorCode=30003';

describe('the HTTP SMS gateway’s webhook', () => {
  it('accepts the body signed with the shared secret, and nothing else', () => {
    const signature = signWebhookBody(BODY, SECRET);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(BODY, signature, SECRET)).toBe(true);
    expect(verifyWebhookSignature(`${BODY}&x=1`, signature, SECRET)).toBe(false);
    expect(verifyWebhookSignature(BODY, signWebhookBody(BODY, 'another-secret-here'), SECRET)).toBe(
      false,
    );
    for (const bad of [undefined, '', 'sha256=', signature.slice(0, -1), signature.toUpperCase()])
      expect(verifyWebhookSignature(BODY, bad, SECRET)).toBe(false);
  });

  it('reads a Twilio-like status callback in SMPP’s terms', () => {
    expect(receiptOfWebhook(BODY)).toEqual({
      providerMessageId: 'SM123',
      status: 'undeliverable',
      errorCode: '30003',
      at: null,
    });
    expect(receiptOfWebhook('MessageSid=SM1&MessageStatus=delivered&ErrorCode=0')).toMatchObject({
      status: 'delivered',
      errorCode: null,
    });
    expect(receiptOfWebhook('MessageSid=SM1&MessageStatus=failed')?.status).toBe('rejected');
    expect(receiptOfWebhook('MessageSid=SM1&MessageStatus=sent')?.status).toBe('enroute');
    expect(receiptOfWebhook('MessageSid=SM1&MessageStatus=weird')?.status).toBe('unknown');
  });

  it('is no receipt without a message id or a status', () => {
    expect(receiptOfWebhook('MessageStatus=delivered')).toBeNull();
    expect(receiptOfWebhook('MessageSid=SM1')).toBeNull();
    expect(receiptOfWebhook('')).toBeNull();
  });
});
