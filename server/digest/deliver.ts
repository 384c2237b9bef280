/**
 * Sending the weekly digests: once per team, week and channel, across any number of server processes. Each send is
 * claimed first in `digest_deliveries` (an atomic upsert with a lease), done, then marked sent; a failed send is
 * retried with back-off by whichever process claims it next. A crashed sender's claim expires after the lease,
 * which is longer than any transport's timeout, so a slow send is never overlapped by a second one.
 *
 * E-mails carry a Message-ID derived from team, week and channel: should an SMTP server accept a message and the
 * connection die before it says so, the retry has the same Message-ID, which mail systems deduplicate on.
 */
import type { Team } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';
import { teams as teamSpec } from '../domain/entities.ts';
import { computeDigest, type Digest } from './model.ts';
import { digestToEmail, digestToWebhook, type RenderOptions } from './render.ts';
import { dueWeek, type ZonedWeek } from './week.ts';

export type Channel = 'email' | 'webhook';

export interface DigestTransports {
  /** Sends one e-mail; resolves once the SMTP server accepted it. */
  email?: (message: { to: string[]; subject: string; text: string; html: string; messageId: string }) => Promise<void>;
  /** Posts a webhook body; resolves on a 2xx answer. */
  webhook?: (url: string, body: { text: string }) => Promise<void>;
}

export interface DeliveryOptions extends RenderOptions {
  /** How long a claim holds: longer than any send can take (the transports time out well before). */
  leaseMs?: number;
  /** Sends that failed this many times are given up (the row stays, with the last error). */
  maxAttempts?: number;
}

export interface DeliveryOutcome {
  teamId: string;
  week: string;
  channel: Channel;
  status: 'sent' | 'failed';
  error?: string;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 12;
/** 1, 2, 4, ... minutes, at most an hour. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

interface TeamRow {
  workspace_id: string;
  email_enabled: boolean | null;
  webhook_url: string | null;
}

/** Sends every digest due at `now`: each team's previous week, from Monday 08:00 in its time zone. */
export async function deliverDueDigests(
  db: Queryable,
  now: Date,
  transports: DigestTransports,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome[]> {
  const rows = await db.query<Parameters<typeof teamSpec.fromRow>[0] & TeamRow>(
    `SELECT t.*, s.email_enabled, s.webhook_url FROM teams t
       LEFT JOIN digest_settings s ON s.workspace_id = t.workspace_id AND s.team_id = t.id
      ORDER BY t.workspace_id, t.id`,
  );
  const outcomes: DeliveryOutcome[] = [];
  for (const row of rows) {
    const team = teamSpec.fromRow(row);
    const week = dueWeek(now.getTime(), team.timeZone ?? 'UTC');
    if (!week) continue;
    const channels: { channel: Channel; send: (digest: Digest) => Promise<void> }[] = [];
    const recipients = team.members.flatMap((member) => (member.email ? [member.email] : []));
    const email = transports.email;
    if (email && row.email_enabled !== false && recipients.length > 0) {
      channels.push({
        channel: 'email',
        send: (digest) =>
          email({ to: recipients, ...digestToEmail(digest, options), messageId: messageIdOf(team, week, 'email') }),
      });
    }
    const webhook = transports.webhook;
    const url = row.webhook_url;
    if (webhook && url)
      channels.push({ channel: 'webhook', send: (digest) => webhook(url, digestToWebhook(digest, options)) });
    for (const { channel, send } of channels) {
      const outcome = await deliverOnce(db, row.workspace_id, team, week, channel, now, send, options);
      if (outcome) outcomes.push(outcome);
    }
  }
  return outcomes;
}

export const messageIdOf = (team: Team, week: ZonedWeek, channel: Channel) =>
  `<digest.${team.id}.${week.start}.${channel}@hallway.invalid>`;

/**
 * Claims the send of one digest, sends it and records the outcome; null when it is not this process's to send
 * (sent already, claimed by another process, waiting for its retry time, or given up).
 */
export async function deliverOnce(
  db: Queryable,
  workspaceId: string,
  team: Team,
  week: ZonedWeek,
  channel: Channel,
  now: Date,
  send: (digest: Digest) => Promise<void>,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome | null> {
  const lease = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const key = [workspaceId, team.id, week.start, channel];
  const claimed = await db.query<{ attempts: number }>(
    `INSERT INTO digest_deliveries AS d (workspace_id, team_id, week_start, channel, status, attempts, claimed_until)
     VALUES ($1, $2, $3, $4, 'claimed', 0, $5)
     ON CONFLICT (workspace_id, team_id, week_start, channel) DO UPDATE SET status = 'claimed', claimed_until = $5
       WHERE (d.status = 'failed' AND d.next_attempt_at <= $6 AND d.attempts < $7)
          OR (d.status = 'claimed' AND d.claimed_until <= $6)
     RETURNING attempts`,
    [...key, lease, now, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS],
  );
  if (claimed.length === 0) return null;
  const base = { teamId: team.id, week: week.start, channel };
  try {
    const digest = await computeDigest(db, workspaceId, [team.id], week);
    await send(digest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = (claimed[0]?.attempts ?? 0) + 1;
    await db.query(
      `UPDATE digest_deliveries SET status = 'failed', attempts = $5, next_attempt_at = $6, last_error = $7, claimed_until = NULL
        WHERE workspace_id = $1 AND team_id = $2 AND week_start = $3 AND channel = $4 AND status = 'claimed'`,
      [...key, attempts, new Date(now.getTime() + backoffMs(attempts)), message.slice(0, 1000)],
    );
    return { ...base, status: 'failed', error: message };
  }
  await db.query(
    `UPDATE digest_deliveries SET status = 'sent', sent_at = $5, claimed_until = NULL, last_error = NULL
      WHERE workspace_id = $1 AND team_id = $2 AND week_start = $3 AND channel = $4`,
    [...key, now],
  );
  return { ...base, status: 'sent' };
}
