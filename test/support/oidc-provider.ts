/**
 * A real OpenID provider in the test process (the certified `oidc-provider`), on a loopback port:
 * one confidential client with PKCE required, accounts whose claims the test gives (e-mail, groups),
 * its development login and consent pages (any password), and RP-initiated logout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  /** Where it listens (its issuer, unless it was given another). */
  listening: string;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
}

export interface ProviderOptions {
  /** The issuer identifier, when the provider is reached through something else (a proxy) at that URL. */
  issuer?: string;
  /** Its signing keys (private JWKs), when a test must sign tokens as it does. */
  jwks?: { keys: object[] };
}

export async function startOidcProvider(
  appUrl: string,
  accounts: Record<string, TestAccount>,
  opts: ProviderOptions = {},
): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const listening = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = opts.issuer ?? listening;
  const client = { clientId: 'tijdig', clientSecret: 'a-client-secret-long-enough-for-hs256-0123456789' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [`${appUrl}/sign-in/oidc/callback`],
        post_logout_redirect_uris: [`${appUrl}/sign-in?done=out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The scopes' claims in the ID token itself (tijdig reads the ID token, not userinfo).
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => {
      const a = accounts[id];
      if (!a) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, ...(a.email ? { email: a.email, email_verified: true } : {}), groups: a.groups ?? [] }),
      };
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    ...(opts.jwks ? { jwks: opts.jwks as never } : {}),
  });
  // Behind a proxy, its URLs are built from the proxy's address (X-Forwarded-Host).
  if (opts.issuer) provider.proxy = true;
  server.on('request', provider.callback());
  return {
    issuer,
    listening,
    ...client,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A provider that misbehaves on purpose: a proxy in front of a real one that passes everything on but
 * changes the ID token of each token response (`mutate` gets its claims and says how to sign it again).
 */
export async function startTamperingProxy(
  target: () => string,
  tamper: (idToken: string) => Promise<string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${(e as Error).message}`);
    });
  });
  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<
      string,
      string
    >;
    headers['x-forwarded-host'] = req.headers.host ?? '';
    headers['x-forwarded-proto'] = 'http';
    const upstream = await fetch(`${target()}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
    });
    let body = Buffer.from(await upstream.arrayBuffer());
    if (req.method === 'POST' && req.url?.startsWith('/token') && upstream.ok) {
      const json = JSON.parse(body.toString('utf8'));
      if (json.id_token) json.id_token = await tamper(json.id_token);
      body = Buffer.from(JSON.stringify(json));
    }
    const out: Record<string, string | string[]> = {};
    upstream.headers.forEach((v, k) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'set-cookie'].includes(k)) out[k] = v;
    });
    const cookies = upstream.headers.getSetCookie();
    if (cookies.length) out['set-cookie'] = cookies;
    res.writeHead(upstream.status, out);
    res.end(body);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
