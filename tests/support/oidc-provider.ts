/**
 * Starts the test OpenID Connect provider (./oidc-provider-main.ts, `oidc-provider` on 127.0.0.1) as a child process,
 * and signs a test account in at it without a browser. Shared by the server's sign-in tests and the end-to-end test
 * of the extension's sign-in, which fills the same login form in Chromium.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface TestAccount {
  /** The login typed in the form, and the ID token's `sub`. */
  id: string;
  email?: string;
  /** Default true. */
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
  /** When set, the form must be given it; otherwise any password signs in. */
  password?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  /** The server's `<PUBLIC_URL>/v1/auth/oidc/callback`. */
  redirectUris: string[];
}

export interface TestProviderOptions {
  accounts: TestAccount[];
  clients: TestClient[];
  /** The provider's clock runs this many seconds ahead (negative: behind). */
  clockOffsetSeconds?: number;
  /** The token endpoint answers after this long. */
  tokenDelayMs?: number;
}

export interface TestProvider {
  issuer: string;
  /** Stops the provider: it is down from then on. */
  stop(): Promise<void>;
}

const mainScript = join(import.meta.dirname, 'oidc-provider-main.ts');

export function startOidcProvider(options: TestProviderOptions): Promise<TestProvider> {
  const child: ChildProcess = spawn(process.execPath, [mainScript], {
    env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_PROVIDER: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /oidc provider listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ issuer: match[1], stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the test OIDC provider exited with ${code}:\n${output}`)));
  });
}

/** Cookies by name, for the provider's host only (enough for its interaction and session cookies). */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (pair && index > 0) this.#cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }
  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Follows an authorization URL at the test provider, logs `login` in through its form, and returns the URL the
 * provider finally redirects to outside itself (the server's callback with `code`, `state` and `iss`, or an error).
 */
export async function signInAtProvider(authorizationUrl: string, login: string, password = 'password'): Promise<URL> {
  const jar = new CookieJar();
  const origin = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== origin) return url;
    const loginForm = /^\/interaction\/[^/]+$/.test(url.pathname);
    const response = await fetch(loginForm ? `${url}/login` : url, {
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(loginForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(loginForm ? { method: 'POST', body: new URLSearchParams({ login, password }).toString() } : {}),
    });
    jar.take(response);
    const location = response.headers.get('location');
    if (!location)
      throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${await response.text()}`);
    url = new URL(location, url);
  }
  throw new Error('the provider redirected too many times');
}

/**
 * A port free on 127.0.0.1 right now. An end-to-end test knows its server's callback URL before either starts:
 * start the provider with `http://127.0.0.1:<port>/v1/auth/oidc/callback` registered, then the server on `port`
 * with the provider's issuer. Also a provider that is down: nothing listens there.
 */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}
