import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `<subscriberId>.<hmac>`: proves the link came from us for that subscriber, without storing
 * anything. No expiry on purpose: an old email's link should still stop the emails.
 */
export function signUnsubscribeToken(subscriberId: string, secret: string): string {
  return `${subscriberId}.${mac(subscriberId, secret)}`;
}

/** The subscriber id, or null when the token was not signed with this secret. */
export function verifyUnsubscribeToken(token: string, secret: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

function mac(subscriberId: string, secret: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${subscriberId}`).digest('base64url');
}
