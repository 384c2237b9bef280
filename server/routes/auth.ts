/**
 * Signing in without a pasted token (issue 14): `GET /v1/auth/config`, OpenID Connect through the server
 * (`/v1/auth/oidc/start`, `/v1/auth/oidc/callback`), invites (`/v1/auth/invite/start`, `/v1/auth/invite/complete`)
 * and the exchange of the one-time code for a device token (`POST /v1/auth/token`). None of these take a token.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  type AuthConfig,
  type SignInError,
  zAuthStartQuery,
  zEmail,
  zInviteStartQuery,
  zTokenExchange,
} from '../../utils/contract.ts';
import { ProviderError, RelyingParty } from '../auth/relying-party.ts';
import { roleFromGroups } from '../auth/settings.ts';
import { ApiError } from '../domain/errors.ts';
import { redeemInvite, usableInvite } from '../domain/invites.ts';
import { signInUser } from '../domain/people.ts';
import {
  type AuthRequest,
  exchangeCode,
  issueCode,
  newState,
  peekAuthRequest,
  saveAuthRequest,
  takeAuthRequest,
} from '../domain/sign-in.ts';
import type { Deps } from '../http/context.ts';
import { escapeHtml, htmlPage, refusal } from '../http/pages.ts';
import { parseBody, parseWith } from '../http/validate.ts';

export const OIDC_CALLBACK_PATH = '/v1/auth/oidc/callback';

/** The workspace people sign in to: the configured one, else the first one created. */
async function signInWorkspace(deps: Deps): Promise<{ id: string; name: string } | undefined> {
  const [row] = deps.auth.workspaceId
    ? await deps.db.query<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE id = $1', [
        deps.auth.workspaceId,
      ])
    : await deps.db.query<{ id: string; name: string }>(
        'SELECT id, name FROM workspaces ORDER BY created_at, id LIMIT 1',
      );
  return row;
}

/** Checks the start's redirect URL is exactly one of the configured extensions'. */
function checkRedirect(deps: Deps, redirectUri: string): void {
  if (!deps.redirectUrls.has(redirectUri)) {
    throw new ApiError(
      'invalid_redirect_uri',
      'redirect_uri is not the redirect URL of an extension this server accepts (EXTENSION_IDS)',
    );
  }
}

/** The extension's redirect URL with `params` (its own state always among them). */
function backToExtension(request: Pick<AuthRequest, 'redirectUri' | 'clientState'>, params: Record<string, string>) {
  const url = new URL(request.redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  url.searchParams.set('state', request.clientState);
  return url.toString();
}

const failed = (request: Pick<AuthRequest, 'redirectUri' | 'clientState'>, code: SignInError, description: string) =>
  backToExtension(request, { error: code, error_description: description });

function emailDomainAllowed(email: string, allowed: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return allowed.includes('*') || allowed.includes(domain);
}

const zInviteForm = z.object({
  state: z.string().min(1).max(200),
  name: z.string().trim().min(1, 'give your name').max(120, 'the name is too long'),
  email: zEmail,
});

function inviteForm(
  c: Context,
  options: { state: string; redirectUri: string; role: string; name?: string; email?: string; problem?: string },
  status: 200 | 400 | 409 = 200,
) {
  const problem = options.problem ? `<p class="error" role="alert">${escapeHtml(options.problem)}</p>` : '';
  return htmlPage(
    c,
    status,
    'Join Hallway',
    `<p>You were invited as <strong>${escapeHtml(options.role)}</strong>. Tell the team who you are:</p>${problem}
<form method="post" action="/v1/auth/invite/complete">
<input type="hidden" name="state" value="${escapeHtml(options.state)}">
<label for="name">Your name</label><input id="name" name="name" required maxlength="120" autocomplete="name" value="${escapeHtml(options.name ?? '')}">
<label for="email">Your work email</label><input id="email" name="email" type="email" required maxlength="320" autocomplete="email" value="${escapeHtml(options.email ?? '')}">
<button type="submit">Join and sign in</button>
</form>`,
    new URL(options.redirectUri).origin,
  );
}

export function authRoutes(deps: Deps) {
  const { relyingParty } = deps;
  return new Hono()
    .get('/config', async (c) => {
      const workspace = await signInWorkspace(deps);
      return c.json({
        workspace: workspace ? { name: workspace.name } : null,
        oidc: deps.auth.oidc ? { providerName: deps.auth.oidc.providerName } : null,
        invites: true,
        tokenPaste: true,
      } satisfies AuthConfig);
    })
    .get('/oidc/start', async (c) => {
      if (!relyingParty || !deps.auth.oidc) {
        return refusal(c, new ApiError('oidc_not_configured', 'this server has no OpenID Connect provider set up'));
      }
      let query: z.output<typeof zAuthStartQuery>;
      try {
        query = parseWith(zAuthStartQuery, c.req.query());
        checkRedirect(deps, query.redirect_uri);
      } catch (error) {
        if (error instanceof ApiError) return refusal(c, error);
        throw error;
      }
      const workspace = await signInWorkspace(deps);
      if (!workspace)
        return refusal(
          c,
          new ApiError('not_found', 'this server has no workspace yet', { params: { subject: 'workspace' } }),
        );
      const request = { redirectUri: query.redirect_uri, clientState: query.state };
      const checks = RelyingParty.newChecks();
      let location: URL;
      try {
        location = await relyingParty.authorizationUrl(checks);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        return c.redirect(failed(request, error.code, error.message), 302);
      }
      await saveAuthRequest(
        deps.db,
        checks.state,
        {
          workspaceId: workspace.id,
          kind: 'oidc',
          inviteId: null,
          redirectUri: query.redirect_uri,
          codeChallenge: query.code_challenge,
          clientState: query.state,
          nonce: checks.nonce,
          providerVerifier: checks.verifier,
        },
        deps.clock(),
      );
      return c.redirect(location.toString(), 302);
    })
    .get('/oidc/callback', async (c) => {
      const settings = deps.auth.oidc;
      if (!relyingParty || !settings) {
        return refusal(c, new ApiError('oidc_not_configured', 'this server has no OpenID Connect provider set up'));
      }
      const state = c.req.query('state');
      const request = state ? await takeAuthRequest(deps.db, state, deps.clock()) : undefined;
      if (!state || !request || request.kind !== 'oidc' || !request.nonce || !request.providerVerifier) {
        return refusal(
          c,
          new ApiError(
            'invalid_state',
            'this sign-in is unknown, expired or already finished (its state does not match)',
          ),
        );
      }
      const search = new URL(c.req.url).search;
      let identity: Awaited<ReturnType<RelyingParty['finish']>>;
      try {
        identity = await relyingParty.finish(search, {
          state,
          nonce: request.nonce,
          verifier: request.providerVerifier,
        });
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        return c.redirect(failed(request, error.code, error.message), 302);
      }
      if (!identity.email) {
        return c.redirect(failed(request, 'email_not_verified', 'the provider did not give an email address'), 302);
      }
      if (settings.requireVerifiedEmail && !identity.emailVerified) {
        return c.redirect(
          failed(request, 'email_not_verified', `the provider has not verified ${identity.email}`),
          302,
        );
      }
      if (!emailDomainAllowed(identity.email, settings.allowedDomains)) {
        return c.redirect(
          failed(request, 'email_domain_not_allowed', `${identity.email} is not an email of this company's domains`),
          302,
        );
      }
      // With a groups claim, the provider's groups set the role at every sign-in; without one, admins do.
      const mapped = settings.groupsClaim
        ? (roleFromGroups(identity.groups, settings.groupRoles) ?? settings.defaultRole)
        : undefined;
      const signedIn = await signInUser(
        deps.db,
        request.workspaceId,
        {
          issuer: identity.issuer,
          subject: identity.subject,
          email: identity.email,
          name: identity.name?.trim().slice(0, 120) || identity.email,
          role: mapped,
          defaultRole: settings.defaultRole,
        },
        deps.clock(),
      );
      if ('refused' in signedIn && signedIn.refused === 'email_taken_unverified') {
        const why = `someone in this workspace joined by invite with ${identity.email}, which no provider verified`;
        return c.redirect(
          failed(request, signedIn.refused, `${why}; ask an admin to deactivate that person, then sign in again`),
          302,
        );
      }
      if ('refused' in signedIn) {
        return c.redirect(failed(request, 'account_deactivated', 'an admin deactivated this account'), 302);
      }
      deps.tokenCache.clear();
      const code = await issueCode(deps.db, {
        workspaceId: request.workspaceId,
        userId: signedIn.userId,
        codeChallenge: request.codeChallenge,
        redirectUri: request.redirectUri,
        now: deps.clock(),
      });
      return c.redirect(backToExtension(request, { code }), 302);
    })
    .get('/invite/start', async (c) => {
      let query: z.output<typeof zInviteStartQuery>;
      try {
        query = parseWith(zInviteStartQuery, c.req.query());
        checkRedirect(deps, query.redirect_uri);
      } catch (error) {
        if (error instanceof ApiError) return refusal(c, error);
        throw error;
      }
      const request = { redirectUri: query.redirect_uri, clientState: query.state };
      const now = deps.clock();
      let invite: Awaited<ReturnType<typeof usableInvite>>;
      try {
        invite = await usableInvite(deps.db, query.invite, now);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const code = error.code === 'not_found' ? 'invite_not_found' : (error.code as SignInError);
        return c.redirect(failed(request, code, error.message), 302);
      }
      const state = newState();
      await saveAuthRequest(
        deps.db,
        state,
        {
          workspaceId: invite.workspaceId,
          kind: 'invite',
          inviteId: invite.id,
          redirectUri: query.redirect_uri,
          codeChallenge: query.code_challenge,
          clientState: query.state,
          nonce: null,
          providerVerifier: null,
        },
        now,
      );
      return inviteForm(c, { state, redirectUri: query.redirect_uri, role: invite.role });
    })
    .post('/invite/complete', async (c) => {
      const form = await c.req.parseBody();
      const state = typeof form.state === 'string' ? form.state : '';
      const now = deps.clock();
      const pending = state ? await peekAuthRequest(deps.db, state, now) : undefined;
      if (pending?.kind !== 'invite' || !pending.inviteId) {
        return refusal(
          c,
          new ApiError('invalid_state', 'this invite page expired or was already used; open the invite again'),
        );
      }
      const inviteId = pending.inviteId;
      const parsed = zInviteForm.safeParse(form);
      const shown = {
        state,
        redirectUri: pending.redirectUri,
        role: '',
        name: typeof form.name === 'string' ? form.name : '',
        email: typeof form.email === 'string' ? form.email : '',
      };
      const [invite] = await deps.db.query<{ role: string }>(
        'SELECT role FROM invites WHERE workspace_id = $1 AND id = $2',
        [pending.workspaceId, inviteId],
      );
      shown.role = invite?.role ?? 'member';
      if (!parsed.success) {
        const problem = parsed.error.issues
          .map((issue) => `${String(issue.path[0] ?? '')}: ${issue.message}`)
          .join('; ');
        return inviteForm(c, { ...shown, problem }, 400);
      }
      let result: { userId: string; request: AuthRequest };
      try {
        result = await deps.db.transaction(async (tx) => {
          const request = await takeAuthRequest(tx, state, now);
          if (!request) throw new ApiError('invalid_state', 'this invite page was already used; open the invite again');
          const { userId } = await redeemInvite(tx, {
            workspaceId: request.workspaceId,
            inviteId,
            name: parsed.data.name,
            email: parsed.data.email,
            now,
          });
          return { userId, request };
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === 'email_taken') return inviteForm(c, { ...shown, problem: error.message }, 409);
        if (error.code === 'invalid_state') return refusal(c, error);
        const code = error.code === 'not_found' ? 'invite_not_found' : (error.code as SignInError);
        return c.redirect(failed(pending, code, error.message), 302);
      }
      const code = await issueCode(deps.db, {
        workspaceId: result.request.workspaceId,
        userId: result.userId,
        codeChallenge: result.request.codeChallenge,
        redirectUri: result.request.redirectUri,
        now,
      });
      return c.redirect(backToExtension(result.request, { code }), 302);
    })
    .post('/token', async (c) => {
      const exchange = await parseBody(c, zTokenExchange);
      return c.json(await exchangeCode(deps.db, { ...exchange, now: deps.clock() }));
    });
}

/**
 * Where an invite link lands in a browser: the secret is in the fragment, which never reaches the server, so the
 * page only says what to do with the link.
 */
export function invitePage(c: Context) {
  return htmlPage(
    c,
    200,
    'You are invited to Hallway',
    `<p>This link signs you in to this Hallway server.</p>
<ol><li>Install the Hallway extension in this browser.</li>
<li>Open its options and choose <strong>Join with an invite link</strong>.</li>
<li>Paste this page's address (the whole link, with the part after <code>#</code>).</li></ol>`,
  );
}
