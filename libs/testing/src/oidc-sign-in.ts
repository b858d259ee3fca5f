import { createHash, randomBytes } from 'node:crypto';

export interface OidcTokens {
  accessToken: string;
  idToken: string;
  expiresIn: number;
}

/** Cookies by name, as a browser keeps them for one host (enough for the local provider). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Signs in at an OIDC provider the way the console does, with plain HTTP: authorization code
 * with PKCE (S256), the provider's login form posted with the account's username and password,
 * redirects followed by hand until the console's redirect URI, then the code exchanged for tokens.
 */
export async function signInWithPkce(options: {
  issuer: string;
  clientId?: string;
  redirectUri: string;
  username: string;
  password?: string;
  resource?: string;
}): Promise<OidcTokens> {
  const clientId = options.clientId ?? 'relief-console';
  const discovery = (await (
    await fetch(`${options.issuer}/.well-known/openid-configuration`)
  ).json()) as { authorization_endpoint: string; token_endpoint: string };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid profile',
    redirect_uri: options.redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    ...(options.resource ? { resource: options.resource } : {}),
  }).toString();

  const jar = new CookieJar();
  let url = authorize.toString();
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      init = {};
      if (url.startsWith(options.redirectUri)) break;
      continue;
    }
    if (response.status !== 200) {
      throw new Error(`sign-in: ${response.status} at ${url}: ${await response.text()}`);
    }
    // The login page: post its username and password form.
    const html = await response.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    if (!action) throw new Error(`sign-in: no login form at ${url}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        login: options.username,
        password: options.password ?? 'relief',
      }).toString(),
    };
  }
  const callback = new URL(url);
  if (!url.startsWith(options.redirectUri)) throw new Error(`sign-in: never came back (${url})`);
  if (callback.searchParams.get('state') !== state) throw new Error('sign-in: state differs');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`sign-in: no code in ${url}`);

  const token = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: options.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as Record<string, unknown>;
  if (token.status !== 200)
    throw new Error(`token endpoint: ${token.status} ${JSON.stringify(body)}`);
  return {
    accessToken: String(body.access_token),
    idToken: String(body.id_token),
    expiresIn: Number(body.expires_in),
  };
}
