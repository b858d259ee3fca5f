import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@relief/auth';
import { ConsoleConfig } from '../console.config';

type Origin = 'domestic' | 'international';

const KEEP_MS = 5 * 60_000;

/**
 * Whether an agency is a domestic or an international partner, as partner-offer-service's
 * registry says (GET /partners/<org>, asked with the agency's own token), kept a few minutes.
 * Unknown or unreachable counts as international: the stricter view.
 */
@Injectable()
export class PartnerDirectory {
  private readonly log = new Logger('PartnerDirectory');
  private readonly known = new Map<string, { origin: Origin; at: number }>();

  constructor(private readonly config: ConsoleConfig) {}

  async originOf(user: AuthUser, token: string): Promise<Origin | undefined> {
    if (!user.org) return undefined;
    const code = user.org.trim().toUpperCase();
    const kept = this.known.get(code);
    if (kept && Date.now() - kept.at < KEEP_MS) return kept.origin;
    try {
      const response = await fetch(
        `${this.config.OFFER_SERVICE_URL}/partners/${encodeURIComponent(code)}`,
        { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(3_000) },
      );
      if (!response.ok) return 'international';
      const body = (await response.json()) as { origin?: unknown };
      const origin: Origin = body.origin === 'domestic' ? 'domestic' : 'international';
      this.known.set(code, { origin, at: Date.now() });
      return origin;
    } catch (error) {
      this.log.warn(`partner ${code} not looked up: ${String(error)}`);
      return 'international';
    }
  }
}
