/**
 * A small HTTP/1.1 client on node:http with keep-alive connections: cheaper per request than
 * fetch, so the load generator spends its CPU on the services' behalf as little as possible.
 */
import { Agent, request as httpRequest } from 'node:http';

export interface HttpResult {
  status: number;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export class HttpClient {
  private readonly agent: Agent;

  constructor(maxSockets = 256) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /**
   * A kept-alive connection the server closed as idle just as the request went out fails with
   * ECONNRESET before the server saw anything: sent again once on a fresh connection (what the
   * Node documentation advises; `reusedSocket`).
   */
  async request(
    method: string,
    url: string,
    options: { token?: string; body?: unknown; timeoutMs?: number; ifMatch?: number } = {},
  ): Promise<HttpResult> {
    try {
      return await this.once(method, url, options);
    } catch (error) {
      if (!(error as { staleKeepAlive?: boolean }).staleKeepAlive) throw error;
      return this.once(method, url, options);
    }
  }

  private once(
    method: string,
    url: string,
    options: { token?: string; body?: unknown; timeoutMs?: number; ifMatch?: number },
  ): Promise<HttpResult> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    // The version a write on an existing resource is based on (required there).
    if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      });
      req.setTimeout(options.timeoutMs ?? 30_000, () =>
        req.destroy(new Error(`${method} ${url}: no answer in ${options.timeoutMs ?? 30_000} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (req.reusedSocket && error.code === 'ECONNRESET')
          Object.assign(error, { staleKeepAlive: true });
        reject(error);
      });
      req.end(payload);
    });
  }

  /** Like request(), but a status other than `expected` is an error that shows the answer. */
  async expect(
    expected: number,
    method: string,
    url: string,
    options: { token?: string; body?: unknown; ifMatch?: number } = {},
  ): Promise<HttpResult> {
    const result = await this.request(method, url, options);
    if (result.status !== expected) {
      throw new Error(
        `${method} ${url}: expected ${expected}, got ${result.status} ${JSON.stringify(result.body).slice(0, 500)}`,
      );
    }
    return result;
  }

  close(): void {
    this.agent.destroy();
  }
}
