import { Injectable } from '@nestjs/common';
import {
  InvalidTokenError,
  ROLES,
  TokenKeysUnavailableError,
  TokenVerifier,
  type AuthUser,
} from '@relief/auth';
import { base } from '@relief/runtime';
import type { Request, Response } from 'express';
import { mayView, type ConsoleEvent, type EventViewer } from './event-filter';
import { EventsService } from './events.service';
import { PartnerDirectory } from './partner-directory';

export const HEARTBEAT_MS = 15_000;

function bearerOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match) return match[1];
  // EventSource cannot send headers.
  const query = request.query.access_token;
  return typeof query === 'string' && query !== '' ? query : undefined;
}

function lastEventIdOf(request: Request): number {
  const header = request.headers['last-event-id'];
  const query = request.query.lastEventId;
  const raw = typeof header === 'string' ? header : typeof query === 'string' ? query : '';
  const id = Number(raw);
  return Number.isSafeInteger(id) && id >= 0 ? id : 0;
}

function refuse(response: Response, status: number, code: string, detail: string): void {
  response
    .status(status)
    .type('application/problem+json')
    .set(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {})
    .send(JSON.stringify(base(status, code, detail)));
}

export function formatEvent(event: ConsoleEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** One browser's stream: who it is, the events it missed, then each new one it may see. */
@Injectable()
export class EventStreams {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly events: EventsService,
    private readonly partners: PartnerDirectory,
  ) {}

  async open(request: Request, response: Response): Promise<void> {
    const token = bearerOf(request);
    if (!token) {
      refuse(response, 401, 'unauthenticated', 'a bearer token is required');
      return;
    }
    let user: AuthUser;
    try {
      user = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenKeysUnavailableError) {
        refuse(response, 503, 'dependency_unavailable', error.message);
      } else {
        const detail = error instanceof InvalidTokenError ? error.message : 'token not accepted';
        refuse(response, 401, 'invalid_token', detail);
      }
      return;
    }
    if (!user.roles.some((role) => (ROLES as readonly string[]).includes(role))) {
      refuse(response, 403, 'forbidden', 'the token carries no role of the platform');
      return;
    }
    const viewer: EventViewer = { user, partnerOrigin: await this.partners.originOf(user, token) };

    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    request.socket.setNoDelay(true);
    request.socket.setTimeout(0);
    response.write(': connected\nretry: 3000\n\n');
    const send = (event: ConsoleEvent): void => {
      if (mayView(viewer, event)) response.write(formatEvent(event));
    };
    // Replay and subscription in one synchronous step: no event can slip in between.
    this.events.buffer.after(lastEventIdOf(request)).forEach(send);
    const unsubscribe = this.events.subscribe(send);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
