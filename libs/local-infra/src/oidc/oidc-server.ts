/**
 * The local OIDC provider (oidc-provider from npm): the console's sign-in during development and
 * in the tests. Access tokens are ES256 JWTs for the resource `relief-platform`, signed with the
 * development key pair and published at <issuer>/jwks, which the services verify.
 *
 * oidc-provider is ESM-only: this file runs in its own process (oidc-main.ts, through tsx),
 * never inside a service.
 */
import { createPrivateKey, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider, {
  type AccountClaims,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { DEV_AUDIENCE } from '../jwt';
import {
  DEV_PASSWORD,
  findDevAccount,
  OIDC_CLIENT_ID,
  OIDC_REDIRECT_PATH,
  type DevAccount,
} from './dev-accounts';
import { loginPage, logoutPage } from './login-page';

export interface OidcServerOptions {
  issuer: string;
  port: number;
  /** Origins of the console (redirect URIs are <origin>/auth/callback). */
  consoleOrigins: string[];
  /** PEM (PKCS8) EC P-256 private key that signs tokens. */
  privateKeyPem: string;
  /** Seconds; at most an hour. */
  accessTokenTtl?: number;
}

const SCOPE = 'openid profile';
/** The resource indicator (RFC 8707 wants an absolute URI); its tokens' audience is DEV_AUDIENCE. */
export const PLATFORM_RESOURCE = 'urn:relief:platform';

function signingJwk(pem: string): Record<string, unknown> {
  const jwk = createPrivateKey(pem).export({ format: 'jwk' });
  // The kid is the key's thumbprint-ish: stable for one key, different for another.
  const kid = createHash('sha256')
    .update(`${String(jwk.x)}.${String(jwk.y)}`)
    .digest('base64url')
    .slice(0, 16);
  return { ...jwk, kid, alg: 'ES256', use: 'sig' };
}

function accountClaims(account: DevAccount): AccountClaims {
  return {
    sub: account.username,
    name: account.name,
    preferred_username: account.username,
    roles: account.roles,
    ...(account.org ? { org: account.org } : {}),
  };
}

export function createOidcProvider(options: OidcServerOptions): Provider {
  const ttl = Math.min(options.accessTokenTtl ?? 3_600, 3_600);
  const configuration: Configuration = {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: options.consoleOrigins.map((o) => `${o}${OIDC_REDIRECT_PATH}`),
        post_logout_redirect_uris: options.consoleOrigins.map((o) => `${o}/`),
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [signingJwk(options.privateKeyPem)] },
    pkce: { required: () => true },
    routes: { jwks: '/jwks' },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'org'] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: {
      AccessToken: ttl,
      IdToken: ttl,
      Interaction: 3_600,
      Session: 8 * 3_600,
      Grant: 8 * 3_600,
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    findAccount: (_ctx, id) => {
      const account = findDevAccount(id);
      if (!account) return undefined;
      return { accountId: account.username, claims: () => accountClaims(account) };
    },
    // The console is our own client: its grant is given without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope(SCOPE);
      grant.addOIDCClaims(['roles', 'org', 'name', 'preferred_username']);
      grant.addResourceScope(PLATFORM_RESOURCE, SCOPE);
      await grant.save();
      return grant;
    },
    extraTokenClaims: (_ctx, token) => {
      const account =
        'accountId' in token && token.accountId ? findDevAccount(token.accountId) : undefined;
      if (!account) return undefined;
      return { roles: account.roles, ...(account.org ? { org: account.org } : {}) };
    },
    // The SPA calls the token endpoint from the console's origin: allow exactly those origins.
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => PLATFORM_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== PLATFORM_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return {
            scope: SCOPE,
            audience: DEV_AUDIENCE,
            accessTokenTTL: ttl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
  };
  const provider = new Provider(options.issuer, configuration);
  return provider;
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 16_384) request.destroy(new Error('form too large'));
    });
    request.on('end', () => resolve(new URLSearchParams(body)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(html);
}

/** The login step: the page on GET, the check of username and password on POST. */
async function interaction(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (request.method === 'POST' && request.url?.endsWith('/login')) {
    const form = await readForm(request);
    const account = findDevAccount(form.get('login') ?? '');
    if (!account || form.get('password') !== DEV_PASSWORD) {
      send(response, 401, loginPage(details.uid, 'Unknown username or wrong password.'));
      return;
    }
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: account.username } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (details.prompt.name === 'consent') {
    // Reached only if no grant was loaded: the console's own client needs no consent screen.
    const grant = new provider.Grant({
      clientId: String(details.params.client_id),
      accountId: details.session?.accountId,
    });
    grant.addOIDCScope(SCOPE);
    grant.addResourceScope(PLATFORM_RESOURCE, SCOPE);
    const grantId = await grant.save();
    await provider.interactionFinished(
      request,
      response,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
    return;
  }
  send(response, 200, loginPage(details.uid));
}

export function createOidcServer(options: OidcServerOptions): Server {
  const provider = createOidcProvider(options);
  const callback = provider.callback();
  return createServer((request, response) => {
    if (request.url?.startsWith('/interaction/')) {
      interaction(provider, request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          send(
            response,
            400,
            `<!doctype html><p>${String(error instanceof Error ? error.message : error).replace(/[<&]/g, '')}</p><p><a href="/">Start again from the console.</a></p>`,
          );
        } else response.end();
      });
      return;
    }
    if (request.url === '/health') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"status":"ok"}');
      return;
    }
    void callback(request, response);
  });
}
