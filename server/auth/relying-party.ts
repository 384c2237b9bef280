/**
 * The server as an OpenID Connect relying party, with openid-client 6: a certified relying party built on
 * oauth4webapi, which does discovery, the authorization code grant with PKCE, state and nonce checks and the ID
 * token's validation (signature from the provider's JWKS, issuer, audience, expiry and issued-at within a clock
 * tolerance) in one call. oauth4webapi alone would leave each of those steps to this file.
 */
import * as client from 'openid-client';
import type { SignInError } from '../../utils/contract.ts';
import type { OidcSettings } from './settings.ts';

/** What the server takes from the provider about the person. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  groups: string[];
}

/** A failed exchange with the provider, in the sign-in error the extension is redirected with. */
export class ProviderError extends Error {
  readonly code: SignInError;
  constructor(code: SignInError, message: string) {
    super(message);
    this.code = code;
  }
}

/** Secrets of one sign-in, kept by the server between the redirect to the provider and its callback. */
export interface ProviderChecks {
  state: string;
  nonce: string;
  verifier: string;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export class RelyingParty {
  readonly #settings: OidcSettings;
  readonly #callbackUrl: string;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(settings: OidcSettings, callbackUrl: string) {
    this.#settings = settings;
    this.#callbackUrl = callbackUrl;
  }

  /** Discovery at first use, kept once it worked: a provider down when the server starts is tried again later. */
  #configure(): Promise<client.Configuration> {
    if (!this.#configuration) {
      const { issuer, clientId, clientSecret, timeoutSeconds, clockToleranceSeconds } = this.#settings;
      this.#configuration = client
        .discovery(
          issuer,
          clientId,
          { client_secret: clientSecret, [client.clockTolerance]: clockToleranceSeconds },
          client.ClientSecretPost(clientSecret),
          {
            timeout: timeoutSeconds,
            // Plain http only for a provider on this machine (tests, a local Keycloak); anything else must be https.
            ...(issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
          },
        )
        .catch((error: unknown) => {
          this.#configuration = undefined;
          throw classify(error);
        });
    }
    return this.#configuration;
  }

  /** A fresh state, nonce and PKCE verifier for one sign-in. */
  static newChecks(): ProviderChecks {
    return { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: ProviderChecks): Promise<URL> {
    const configuration = await this.#configure();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.#callbackUrl,
      scope: this.#settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
  }

  /** Exchanges the callback's code and validates the ID token; `search` is the callback's query string. */
  async finish(search: string, checks: ProviderChecks): Promise<ProviderIdentity> {
    const configuration = await this.#configure();
    const currentUrl = new URL(this.#callbackUrl);
    currentUrl.search = search;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new ProviderError('id_token_invalid', 'the provider sent no ID token');
      // openid-client refuses an ID token that expired or was issued over an hour ago, but not one issued in the
      // future: a provider whose clock runs ahead beyond the tolerance is refused here.
      const skew = idToken.iat - Date.now() / 1000;
      if (skew > this.#settings.clockToleranceSeconds) {
        throw new ProviderError(
          'id_token_invalid',
          `the ID token was issued ${Math.round(skew)} s in the future: the provider's clock or this server's is off`,
        );
      }
      let claims: Record<string, unknown> = { ...idToken };
      const { groupsClaim } = this.#settings;
      // Some providers keep email or groups out of the ID token and answer them at the userinfo endpoint.
      if (claims.email === undefined || (groupsClaim && claims[groupsClaim] === undefined)) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub).catch(() => ({}));
        claims = { ...info, ...claims };
      }
      const groups = groupsClaim ? claims[groupsClaim] : undefined;
      return {
        issuer: idToken.iss,
        subject: idToken.sub,
        email: typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined,
        emailVerified: claims.email_verified === true || claims.email_verified === 'true',
        name: typeof claims.name === 'string' ? claims.name : undefined,
        groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
      };
    } catch (error) {
      throw classify(error);
    }
  }
}

/** The chain of an error and its causes. */
function* causes(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Names the failure the way the extension shows it: the provider is away, said no, or sent a token we refuse. */
function classify(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  for (const cause of causes(error)) {
    if (cause instanceof client.AuthorizationResponseError) {
      const code = cause.error === 'access_denied' ? 'access_denied' : 'server_error';
      return new ProviderError(code, `the provider refused: ${cause.error_description ?? cause.error}`);
    }
    const name = (cause as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ProviderError('provider_unavailable', 'the identity provider did not answer in time');
    }
    const code = (cause as { code?: string }).code ?? '';
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
      return new ProviderError('id_token_invalid', `the ID token's time is off: ${(cause as Error).message}`);
    }
    if (code.startsWith('OAUTH_JWT') || code.startsWith('OAUTH_JWS') || code === 'OAUTH_KEY_SELECTION_FAILED') {
      return new ProviderError('id_token_invalid', `the ID token was refused: ${(cause as Error).message}`);
    }
    if (cause instanceof client.ResponseBodyError) {
      return new ProviderError('server_error', `the provider refused the code: ${cause.error}`);
    }
    if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
      return new ProviderError('provider_unavailable', 'the identity provider cannot be reached');
    }
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    return new ProviderError('provider_unavailable', 'the identity provider cannot be reached');
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError('server_error', `signing in with the provider failed: ${message}`);
}
