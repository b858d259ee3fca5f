/**
 * Plain-fetch plumbing of the flood scenario: tokens per person, calls that show the problem
 * details when an answer is not the expected one, and bounded polling for what travels through
 * Kafka. No Nest, no decorators: `npm run demo` runs this with tsx.
 */
import { randomUUID } from 'node:crypto';
// eslint-disable-next-line no-restricted-imports -- one plain file, not the @relief/testing index (Nest)
import { type TestIdentity } from '../../libs/testing/src/identities';

/** Who calls: the claims a token carries, as for every test identity. */
export type Identity = TestIdentity;

/** Signs a token for a person: the dev key for the demo, the test key pair in the e2e test. */
export type TokenMinter = (who: Identity) => Promise<string>;

export interface Answer {
  status: number;
  // Bodies are JSON documents of the services' APIs (see their /docs); the scenario reads them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  etag: string | null;
}

export class ScenarioError extends Error {}

export class Http {
  private readonly tokens = new Map<string, Promise<string>>();
  /** POSTs sent again under their Idempotency-Key and answered from the store. */
  replayed = 0;

  /**
   * `sendsPerPost` > 1: every POST goes out that many times under one Idempotency-Key, as a
   * client on a poor link retries; each repeat must be the first answer again, replayed.
   */
  constructor(
    private readonly mint: TokenMinter,
    private readonly sendsPerPost = 1,
  ) {}

  token(who: Identity): Promise<string> {
    const key = `${who.role}/${who.org ?? ''}/${who.sub}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = this.mint(who);
      this.tokens.set(key, token);
    }
    return token;
  }

  async call(
    who: Identity,
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    if (method !== 'POST' || this.sendsPerPost <= 1) {
      return (await this.send(who, method, url, body, headers)).answer;
    }
    const keyed = { ...headers, 'Idempotency-Key': randomUUID() };
    const first = await this.send(who, method, url, body, keyed);
    // An answer that says "retry later" (or a failure) is not kept: a repeat would run again.
    if (first.answer.status >= 500 || first.retryAfter) return first.answer;
    for (let n = 1; n < this.sendsPerPost; n += 1) {
      const again = await this.send(who, method, url, body, keyed);
      if (
        !again.replayed ||
        again.answer.status !== first.answer.status ||
        JSON.stringify(again.answer.body) !== JSON.stringify(first.answer.body)
      ) {
        throw new ScenarioError(
          `${method} ${url} as ${who.sub}, sent again under its Idempotency-Key: got ${again.answer.status} ${JSON.stringify(again.answer.body)} (replayed: ${again.replayed}), not the first answer ${first.answer.status} ${JSON.stringify(first.answer.body)}`,
        );
      }
      this.replayed += 1;
    }
    return first.answer;
  }

  private async send(
    who: Identity,
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ answer: Answer; replayed: boolean; retryAfter: boolean }> {
    const response = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${await this.token(who)}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return {
      answer: { status: response.status, body: parsed, etag: response.headers.get('etag') },
      replayed: response.headers.get('idempotent-replayed') === 'true',
      retryAfter: response.headers.has('retry-after'),
    };
  }

  /** The call, which must answer `status`; otherwise fails naming what came back. */
  async expect(
    status: number,
    who: Identity,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer> {
    const answer = await this.call(who, method, url, body, headers);
    if (answer.status !== status) {
      throw new ScenarioError(
        `${method} ${url} as ${who.sub}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer;
  }
}

/** YYYY-MM-DD, `days` from today (UTC). */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
