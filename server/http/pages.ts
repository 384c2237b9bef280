/** The few HTML pages the server shows itself: in the sign-in window (the invite form, a refused sign-in). */
import type { Context } from 'hono';
import type { ApiError } from '../domain/errors.ts';
import { statusOf } from './errors.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/**
 * A page with no script, which no other site may frame. `formTarget` is the origin the page's form may post to and
 * be redirected to (Chrome checks `form-action` on the redirect too).
 */
export function htmlPage(
  c: Context,
  status: 200 | 400 | 404 | 409 | 410,
  title: string,
  body: string,
  formTarget = '',
) {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTarget}; frame-ancestors 'none'`.trim(),
  );
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} · Hallway</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit}.error{color:#b42318}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    status,
  );
}

/**
 * A refusal where the answer cannot go back to the extension (the redirect itself is not trusted, the state is
 * unknown): the one error shape for programs, a short page for a person in the sign-in window.
 */
export function refusal(c: Context, error: ApiError) {
  const status = statusOf(error);
  if (!(c.req.header('accept') ?? '').includes('text/html')) return c.json(error.toBody(), status);
  return htmlPage(
    c,
    status === 404 || status === 409 || status === 410 ? status : 400,
    'Sign-in failed',
    `<p class="error" data-error-code="${escapeHtml(error.code)}">${escapeHtml(error.message)}</p>
<p>Close this window and start signing in again from Hallway.</p>`,
  );
}
