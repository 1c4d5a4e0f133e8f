/**
 * The web app as an OpenID Connect relying party (openid-client, a certified implementation):
 * Authorization Code with PKCE, state and nonce; the ID token's signature (against the provider's
 * published keys), issuer, audience and times are checked by it. The provider's metadata is discovered on first use and kept. An issuer on
 * loopback may be plain http (a provider on the same machine, as in tests); any other must be https.
 */
import * as client from 'openid-client';
import { type OidcRole, parseRoleMap, roleFromClaim } from '../../domain/oidc-roles.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  roleClaim: string;
  roleMap?: string;
  name: string;
}

/** What the sign-in needs to keep in the session between the redirect and the callback. */
export interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
  at: number;
}

export class OidcClient {
  private config: Promise<client.Configuration> | null = null;
  private readonly roleMap: ReturnType<typeof parseRoleMap>;

  constructor(
    readonly settings: OidcSettings,
    private readonly redirectUri: string,
    private readonly signedOutUri: string,
  ) {
    this.roleMap = parseRoleMap(settings.roleMap);
  }

  private configuration(): Promise<client.Configuration> {
    this.config ??= (async () => {
      const issuer = new URL(this.settings.issuer);
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
      // The ID token's signature is checked too, though it comes straight from the token endpoint
      // (OpenID Connect lets a client rely on TLS there; tijdig does not).
      const execute = [
        client.enableNonRepudiationChecks,
        ...(loopback && issuer.protocol === 'http:' ? [client.allowInsecureRequests] : []),
      ];
      return client.discovery(
        issuer,
        this.settings.clientId,
        this.settings.clientSecret,
        this.settings.clientSecret ? undefined : client.None(),
        { execute },
      );
    })().catch((e) => {
      this.config = null; // Asked again next time: the provider may be back.
      throw e;
    });
    return this.config;
  }

  /** Where to send the browser, and what to keep for the callback. */
  async start(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = {
      verifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      next,
      at: Date.now(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * The callback: the code exchanged and the ID token checked (state, nonce, PKCE, signature, issuer,
   * audience, times); the e-mail address and the role its claim gives (null: no role).
   */
  async finish(query: string, pending: PendingSignIn): Promise<{ email: string | null; role: OidcRole | null; idToken: string }> {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, new URL(`${this.redirectUri}${query}`), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const email = typeof claims.email === 'string' ? claims.email : null;
    return { email, role: roleFromClaim(claims[this.settings.roleClaim], this.roleMap), idToken: tokens.id_token as string };
  }

  /** Where to end the provider's session too, when it says how (RP-initiated logout); else null. */
  async endSessionUrl(idToken: string): Promise<string | null> {
    try {
      const config = await this.configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: this.signedOutUri }).href;
    } catch {
      return null;
    }
  }
}
