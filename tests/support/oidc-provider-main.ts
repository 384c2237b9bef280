/**
 * A real OpenID Connect provider for tests: `oidc-provider` (a certified OpenID Connect server) on 127.0.0.1 and a
 * free port, with the accounts and clients of the JSON in OIDC_TEST_PROVIDER (see ./oidc-provider.ts, which starts
 * this as a child process). Prints `oidc provider listening on <issuer>` once it listens.
 *
 * Its login page is a plain form (`input[name=login]`, `input[name=password]`, a submit button); consent is given at
 * once. `clockOffsetSeconds` runs the provider's clock off by that much (an ID token from a provider whose clock is
 * wrong); `tokenDelayMs` makes its token endpoint slow.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Config {
  accounts: {
    id: string;
    email?: string;
    emailVerified?: boolean;
    name?: string;
    groups?: string[];
    password?: string;
  }[];
  clients: { clientId: string; clientSecret: string; redirectUris: string[] }[];
  clockOffsetSeconds?: number;
  tokenDelayMs?: number;
}

/** The little of oidc-provider's request context this file reads (the package ships no types). */
interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface ProviderContext {
  oidc: {
    result?: { consent?: { grantId?: string } };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    client?: { clientId: string };
    provider: {
      Grant: {
        new (options: { clientId?: string; accountId?: string }): GrantLike;
        find(id: string): Promise<GrantLike>;
      };
    };
  };
}

const config = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}') as Config;
if (config.clockOffsetSeconds) {
  const realNow = Date.now.bind(Date);
  const offset = config.clockOffsetSeconds * 1000;
  Date.now = () => realNow() + offset;
}
// Imported after the clock is set: the provider reads Date.now for every timestamp it issues.
const { default: Provider } = await import('oidc-provider');

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  })),
  cookies: { keys: ['hallway-test-provider'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  // The claims of the granted scopes go into the ID token, as Google, Okta and Entra ID can be set up to do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx: ProviderContext, id: string) {
    const account = config.accounts.find((candidate) => candidate.id === id);
    if (!account) return undefined;
    return {
      accountId: id,
      claims: async () => ({
        sub: id,
        ...(account.email === undefined ? {} : { email: account.email }),
        email_verified: account.emailVerified ?? true,
        ...(account.name === undefined ? {} : { name: account.name }),
        groups: account.groups ?? [],
      }),
    };
  },
  // Consent is given at once for what the client asks.
  async loadExistingGrant(ctx: ProviderContext) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client?.clientId,
      accountId: ctx.oidc.session?.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (_ctx: unknown, error: unknown) => console.error('oidc provider error:', error));

const escapeText = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const account = config.accounts.find((candidate) => candidate.id === form.get('login'));
    if (!account || (account.password !== undefined && account.password !== form.get('password'))) {
      res.writeHead(401, { 'content-type': 'text/html' });
      res.end('<p id="login-error">Unknown login or wrong password.</p>');
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.id } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<!doctype html><title>Test provider sign-in</title><h1>Sign in to the test provider</h1>
<form method="post" action="/interaction/${escapeText(uid)}/login">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form>`);
}

const handle = provider.callback();
server.on('request', (req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const match = /^\/interaction\/([^/]+)(?:\/([a-z]+))?$/.exec(url.pathname);
  if (match?.[1]) {
    interaction(req, res, match[1], match[2]).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    return;
  }
  if (config.tokenDelayMs && url.pathname === '/token') {
    setTimeout(() => handle(req, res), config.tokenDelayMs);
    return;
  }
  handle(req, res);
});

console.log(`oidc provider listening on ${issuer}`);
