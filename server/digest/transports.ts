/**
 * The digest's two ways out: e-mail through SMTP (nodemailer) and a Slack-compatible incoming webhook (fetch).
 * Both time out well inside the delivery lease (deliver.ts), so a slow server fails the send instead of stalling
 * it, and the send is retried later, never overlapped.
 */
import nodemailer from 'nodemailer';
import type { DigestTransports } from './deliver.ts';

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`. */
  url: string;
  from: string;
  /** Milliseconds for connecting, for the greeting and for each wait on the socket. */
  timeoutMs?: number;
}

export function smtpTransport(options: SmtpOptions): NonNullable<DigestTransports['email']> {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return async (message) => {
    await transport.sendMail({
      from: options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
    });
  };
}

/** Posts JSON; anything but a 2xx answer within `timeoutMs` is a failure (retried by the delivery). */
export function webhookTransport(
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): NonNullable<DigestTransports['webhook']> {
  const timeout = options.timeoutMs ?? 10_000;
  const send = options.fetch ?? fetch;
  return async (url, body) => {
    const response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeout),
    });
    // The body is not needed, but reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
  };
}
