/**
 * The weekly digest: its week in the team's time zone (across a change to summer time), its content and bounds,
 * hostile titles in Markdown, HTML and Slack text, and delivery: e-mail through a real SMTP server on 127.0.0.1
 * (smtp-server, parsed back with mailparser) and a webhook to a local receiver, each sent once per team and week
 * however often, and from however many senders, delivery runs; a server down, slow, failing or hanging is retried.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zTeam } from '../../utils/contract.ts';
import { testDatabases } from '../testing/databases.ts';
import { type Client, startTestServer, type TestServer } from '../testing/test-server.ts';
import { deliverDueDigests } from './deliver.ts';
import { computeDigest, DIGEST_LIST_MAX } from './model.ts';
import { digestToEmail, digestToMarkdown, digestToWebhook } from './render.ts';
import { smtpTransport, webhookTransport } from './transports.ts';
import { dueWeek, weekContaining, weekStarting } from './week.ts';

const HOSTILE = '](javascript:alert(1)) <img src=x onerror=alert(1)> [click](https://evil.test) *b* `c` & |x|';

describe('digest weeks in a team time zone', () => {
  it('spans local Monday to Monday across the change to summer time (167 hours in Berlin)', () => {
    const week = weekStarting('2026-03-23', 'Europe/Berlin');
    expect(week).toMatchObject({ from: '2026-03-22T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z', end: '2026-03-30' });
    expect((Date.parse(week.to) - Date.parse(week.from)) / 3600_000).toBe(167);
    // A week containing the change back to winter time is 169 hours (New York, 1 November 2026).
    const fall = weekStarting('2026-10-26', 'America/New_York');
    expect(fall).toMatchObject({ from: '2026-10-26T04:00:00.000Z', to: '2026-11-02T05:00:00.000Z' });
    expect(weekContaining(Date.parse('2026-03-29T21:59:00Z'), 'Europe/Berlin').start).toBe('2026-03-23');
    expect(weekContaining(Date.parse('2026-03-29T22:00:00Z'), 'Europe/Berlin').start).toBe('2026-03-30');
    expect(weekContaining(Date.parse('2026-03-29T22:00:00Z'), 'UTC').start).toBe('2026-03-23');
  });

  it('is due from Monday 08:00 local, before and after the change of offset', () => {
    // Before: 08:00 CET is 07:00 UTC; after: 08:00 CEST is 06:00 UTC.
    expect(dueWeek(Date.parse('2026-03-23T06:59:00Z'), 'Europe/Berlin')).toBeNull();
    expect(dueWeek(Date.parse('2026-03-23T07:00:00Z'), 'Europe/Berlin')?.start).toBe('2026-03-16');
    expect(dueWeek(Date.parse('2026-03-30T05:59:00Z'), 'Europe/Berlin')).toBeNull();
    expect(dueWeek(Date.parse('2026-03-30T06:00:00Z'), 'Europe/Berlin')?.start).toBe('2026-03-23');
    expect(dueWeek(Date.parse('2026-04-02T12:00:00Z'), 'Asia/Tokyo')?.start).toBe('2026-03-23');
  });
});

interface Received {
  mails: ParsedMail[];
  connections: number;
}

/** A real SMTP server on 127.0.0.1; `delayGreetingMs` holds the first `slowConnections` greetings back. */
async function startSmtp(options: { delayGreetingMs?: number; slowConnections?: number } = {}) {
  const received: Received = { mails: [], connections: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      received.connections += 1;
      const slow = received.connections <= (options.slowConnections ?? 0);
      setTimeout(() => callback(), slow ? (options.delayGreetingMs ?? 0) : 0);
    },
    onData(stream, _session, callback) {
      void simpleParser(stream).then((mail) => {
        received.mails.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A local webhook receiver answering with `answer(n)` for the n-th request (`hang`: never answers). */
async function startReceiver(answer: (n: number) => number | 'hang') {
  const bodies: { text: string }[] = [];
  let requests = 0;
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    const status = answer(requests);
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (status === 'hang') return void hanging.push(response);
      if (status < 300) bodies.push(JSON.parse(body) as { text: string });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    bodies,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(testDatabases)('weekly digest on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(() => server.close());

  const push = async (client: Client, mutations: object[]) => {
    const response = await client.post('/v1/mutations', {
      mutations: mutations.map((m) => ({ mutationId: randomUUID(), ...m })),
    });
    expect(response.status).toBe(200);
    return (response.body as { results: { status: string }[] }).results;
  };

  async function teamWith(
    client: Client,
    timeZone: string,
    members: { name: string; email?: string }[] = [{ name: 'Ana', email: 'ana@acme.test' }],
  ) {
    const response = await client.post('/v1/teams', {
      name: `Payments ${randomUUID().slice(0, 6)}`,
      slug: `p-${randomUUID().slice(0, 8)}`,
      timeZone,
      members,
    });
    expect(response.status).toBe(201);
    return zTeam.parse(response.body);
  }

  /** Decisions of the team at the given instants, inserted directly (fast, and with a chosen decided_at). */
  async function insertDecisions(
    workspaceId: string,
    teamId: string,
    at: readonly string[],
    title = (n: number) => `Decision ${n}`,
  ) {
    const rows = at.map((decidedAt, n) => ({ id: randomUUID(), title: title(n), decidedAt }));
    await server.db.query(
      `INSERT INTO decisions (workspace_id, id, title, rationale, status, decided_at, decided_by, team_id, goal_id, item_keys,
                              quote, source_url, supersedes, superseded_by, status_history, version, created_at, updated_at)
       SELECT $1, r.id, r.title, '', 'accepted', r.decided_at, 'Ana', $2, NULL, '{}', NULL, NULL, NULL, NULL, '[]', 1,
              r.decided_at, r.decided_at
       FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, title text, decided_at timestamptz)`,
      [workspaceId, teamId, JSON.stringify(rows.map((r) => ({ id: r.id, title: r.title, decided_at: r.decidedAt })))],
    );
    return rows;
  }

  it('a team with no activity: every section says so, in Markdown, e-mail and webhook', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'Europe/Berlin');
    const digest = await computeDigest(server.db, ws.id, [team.id], weekStarting('2026-03-23', 'Europe/Berlin'));
    expect([
      digest.decisionsMade.total,
      digest.goalStatusChanges.total,
      digest.itemsNewlyLinked.total,
      digest.reviewsDue.total,
    ]).toEqual([0, 0, 0, 0]);
    expect(digest.charts.decisionsByDay.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const markdown = digestToMarkdown(digest);
    expect(markdown).toContain('_No decisions this week._');
    expect(markdown).toContain('_No review is due._');
    expect(digestToEmail(digest).html).toContain('<em>No decisions this week.</em>');
    expect(digestToWebhook(digest).text).toContain('*Decisions made* (0)');
  });

  it('counts what happened in the local week only, across the change to summer time', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'Europe/Berlin');
    await insertDecisions(ws.id, team.id, [
      '2026-03-22T22:59:00Z', // Sunday 23:59 CET: the week before
      '2026-03-22T23:30:00Z', // Monday 00:30 CET: first day
      '2026-03-29T21:59:00Z', // Sunday 23:59 CEST: last day
      '2026-03-29T22:00:00Z', // Monday 00:00 CEST: the next week
    ]);
    const digest = await computeDigest(server.db, ws.id, [team.id], weekStarting('2026-03-23', 'Europe/Berlin'));
    expect(digest.decisionsMade.total).toBe(2);
    expect(digest.charts.decisionsByDay.map((d) => d.count)).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('reports goal changes, superseded decisions, newly linked and unowned items, and reviews due', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'UTC');
    const goalId = randomUUID();
    const old = randomUUID();
    const ref = (n: number) => ({
      tool: 'jira',
      kind: 'issue',
      id: `PAY-${n}`,
      key: `jira:acme.atlassian.net/PAY-${n}`,
      url: `https://acme.atlassian.net/browse/PAY-${n}`,
    });
    await push(ws.admin, [
      { type: 'goal.create', id: goalId, data: { title: 'SEPA GA', ownerTeamId: team.id } },
      {
        type: 'decision.create',
        id: old,
        data: { title: 'Use Adyen', decidedAt: '2026-01-05T10:00:00Z', teamId: team.id },
      },
      {
        type: 'decision.create',
        id: randomUUID(),
        data: { title: 'Use Stripe', decidedAt: new Date().toISOString(), teamId: team.id, supersedes: old },
      },
      { type: 'item.upsert', id: randomUUID(), data: { ref: ref(1), title: 'Owned issue', context: {} } },
      { type: 'item.upsert', id: randomUUID(), data: { ref: ref(2), title: 'Unowned issue', context: {} } },
      { type: 'link.create', id: randomUUID(), data: { kind: 'owner', itemKey: ref(1).key, teamId: team.id } },
      { type: 'link.create', id: randomUUID(), data: { kind: 'goal', itemKey: ref(2).key, goalId } },
      { type: 'goal.update', id: goalId, baseVersion: 1, data: { status: 'at_risk' } },
      { type: 'goal.review', id: goalId, data: { verified: false, reviewBy: '2026-01-01' } },
    ]);
    const digest = await computeDigest(server.db, ws.id, [team.id], weekContaining(Date.now(), 'UTC'));
    expect(digest.decisionsSuperseded.shown.map((s) => [s.replaced.title, s.by.title])).toEqual([
      ['Use Adyen', 'Use Stripe'],
    ]);
    expect(digest.goalStatusChanges.shown.map((g) => [g.title, g.from, g.to])).toEqual([
      ['SEPA GA', 'on_track', 'at_risk'],
    ]);
    expect(digest.itemsNewlyLinked.shown.map((i) => [i.title, i.kind])).toEqual([
      ['Owned issue', 'owner'],
      ['Unowned issue', 'goal'],
    ]);
    expect(digest.unownedItemsSeen.shown.map((i) => i.title)).toEqual(['Unowned issue']);
    expect(digest.reviewsDue.shown).toEqual([
      { entity: 'goal', id: goalId, title: 'SEPA GA', dueOn: '2026-01-01', verifiedBy: null },
    ]);
    expect(digest.charts.goalsByStatus.at_risk).toBe(1);
  });

  it('10,000 decisions in one week: a bounded digest, truncated with a link to the full list', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'UTC');
    const at = Array.from({ length: 10_000 }, (_, n) =>
      new Date(Date.parse('2026-03-23T00:00:00Z') + n * 60_000).toISOString(),
    );
    await insertDecisions(ws.id, team.id, at);
    const digest = await computeDigest(server.db, ws.id, [team.id], weekStarting('2026-03-23', 'UTC'));
    expect(digest.decisionsMade.total).toBe(10_000);
    expect(digest.decisionsMade.shown).toHaveLength(DIGEST_LIST_MAX);
    const hubUrl = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/hub.html';
    const markdown = digestToMarkdown(digest, { hubUrl });
    expect(markdown).toContain(
      `- …and 9,975 more: [the full list in the hub](${hubUrl}#/digest?teams=${team.id}&week=2026-03-23)`,
    );
    expect(markdown.length).toBeLessThan(16_000);
    const email = digestToEmail(digest, { hubUrl: 'https://hallway.acme.test/hub' });
    expect(email.html).toContain('…and 9,975 more: <a href="https://hallway.acme.test/hub#/digest?teams=');
    expect(email.html.length).toBeLessThan(32_000);
    expect(digestToWebhook(digest).text.length).toBeLessThan(8_000);
  });

  it('keeps hostile titles text: Markdown link text cannot leave its brackets, HTML and Slack stay inert', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'UTC', [{ name: `Ana ${HOSTILE}`, email: 'ana@acme.test' }]);
    const key = 'jira:acme.atlassian.net/PAY-9';
    const goalId = randomUUID();
    await push(ws.admin, [
      { type: 'goal.create', id: goalId, data: { title: `Goal ${HOSTILE}`, ownerTeamId: team.id } },
      {
        type: 'decision.create',
        id: randomUUID(),
        data: { title: `Decision ${HOSTILE}`, decidedAt: new Date().toISOString(), teamId: team.id },
      },
      {
        type: 'item.upsert',
        id: randomUUID(),
        data: {
          ref: { tool: 'jira', kind: 'issue', id: 'PAY-9', key, url: 'https://acme.atlassian.net/browse/PAY-9' },
          title: `Item ${HOSTILE}`,
        },
      },
      { type: 'link.create', id: randomUUID(), data: { kind: 'goal', itemKey: key, goalId } },
    ]);
    const digest = await computeDigest(server.db, ws.id, [team.id], weekContaining(Date.now(), 'UTC'));
    const markdown = digestToMarkdown(digest);
    // The only link is the item's own, and its text is the whole escaped title.
    const links = [...markdown.matchAll(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)/g)].map((m) => m[2]);
    expect(links).toEqual(['https://acme.atlassian.net/browse/PAY-9', 'https://acme.atlassian.net/browse/PAY-9']);
    expect(markdown).toContain(
      'Decision \\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> \\[click\\](https://evil.test)',
    );
    expect(markdown).not.toMatch(/(?<!\\)<img/);
    const { html } = digestToEmail(digest);
    expect(html).not.toContain('<img');
    expect(html).toContain(
      'Decision ](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; [click](https://evil.test) *b* `c` &amp; |x|',
    );
    expect(html).not.toContain('href="javascript');
    const { text } = digestToWebhook(digest);
    const slackLinks = [...text.matchAll(/<([^>]*)>/g)].map((m) => m[1]);
    const itemLink =
      'https://acme.atlassian.net/browse/PAY-9|Item ](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; [click](https://evil.test) *b* `c` &amp; |x|';
    // Newly linked, and unowned: the same item twice, nothing else a link.
    expect(slackLinks).toEqual([itemLink, itemLink]);
  });

  it('e-mails a team its digest through SMTP once, however often and from however many senders delivery runs', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'Europe/Berlin', [
      { name: 'Ana', email: 'ana@acme.test' },
      { name: 'Lee', email: 'lee@acme.test' },
    ]);
    await insertDecisions(ws.id, team.id, ['2026-03-24T10:00:00Z'], () => `Ship <b>SEPA</b> & "more"`);
    const smtp = await startSmtp();
    try {
      const email = smtpTransport({
        url: `smtp://127.0.0.1:${smtp.port}`,
        from: 'hallway@acme.test',
        timeoutMs: 2_000,
      });
      const monday = new Date('2026-03-30T06:30:00Z');
      // Two processes at once, then again later: one message.
      const [a, b] = await Promise.all([
        deliverDueDigests(server.db, monday, { email }),
        deliverDueDigests(server.db, monday, { email }),
      ]);
      const mine = [...a, ...b].filter((o) => o.teamId === team.id);
      expect(mine).toEqual([{ teamId: team.id, week: '2026-03-23', channel: 'email', status: 'sent' }]);
      expect(
        (await deliverDueDigests(server.db, new Date('2026-03-31T10:00:00Z'), { email })).filter(
          (o) => o.teamId === team.id,
        ),
      ).toEqual([]);
      const mails = smtp.received.mails.filter((mail) => mail.subject?.includes(team.name));
      expect(mails).toHaveLength(1);
      const [mail] = mails as [ParsedMail];
      expect(mail.subject).toBe(`Hallway weekly digest: ${team.name}, week of 2026-03-23`);
      expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((to) => to?.value.map((v) => v.address))).toEqual([
        'ana@acme.test',
        'lee@acme.test',
      ]);
      expect(mail.messageId).toBe(`<digest.${team.id}.2026-03-23.email@hallway.invalid>`);
      expect(mail.html).toContain('Ship &lt;b&gt;SEPA&lt;/b&gt; &amp; &quot;more&quot;');
      expect(mail.text).toContain('Ship \\<b\\>SEPA\\</b\\> \\& "more"');
    } finally {
      await smtp.close();
    }
  });

  it('retries when the SMTP server is down or too slow, and still sends once', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'UTC');
    const monday = Date.parse('2026-03-30T09:00:00Z');
    const mine = async (at: number, email: ReturnType<typeof smtpTransport>) =>
      (await deliverDueDigests(server.db, new Date(at), { email })).filter((o) => o.teamId === team.id);

    // Down: nothing listens on the port.
    const down = await startSmtp();
    const port = down.port;
    await down.close();
    const refused = await mine(
      monday,
      smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'h@acme.test', timeoutMs: 1_000 }),
    );
    expect(refused).toMatchObject([{ status: 'failed' }]);
    // Not retried before its back-off has passed.
    expect(
      await mine(monday + 30_000, smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'h@acme.test' })),
    ).toEqual([]);

    // Slow: the first connection's greeting comes after the client's timeout.
    const slow = await startSmtp({ delayGreetingMs: 1_500, slowConnections: 1 });
    try {
      const email = smtpTransport({ url: `smtp://127.0.0.1:${slow.port}`, from: 'h@acme.test', timeoutMs: 500 });
      expect(await mine(monday + 61_000, email)).toMatchObject([{ status: 'failed' }]);
      expect(await mine(monday + 61_000 + 121_000, email)).toMatchObject([{ status: 'sent' }]);
      expect(await mine(monday + 3_600_000, email)).toEqual([]);
      expect(slow.received.mails).toHaveLength(1);
      const [row] = await server.db.query<{ attempts: number; status: string }>(
        'SELECT attempts, status FROM digest_deliveries WHERE team_id = $1',
        [team.id],
      );
      expect(row).toEqual({ attempts: 2, status: 'sent' });
    } finally {
      await slow.close();
    }
  });

  it('posts to a webhook once; a 500 or a hanging receiver is retried later', async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'UTC', []);
    const receiver = await startReceiver((n) => (n === 1 ? 500 : n === 2 ? 'hang' : 200));
    try {
      const settings = await ws.admin.request('PUT', `/v1/teams/${team.id}/digest-settings`, {
        webhookUrl: receiver.url,
      });
      expect(settings.status).toBe(200);
      const webhook = webhookTransport({ timeoutMs: 500 });
      const at = (minutes: number) => new Date(Date.parse('2026-03-30T09:00:00Z') + minutes * 60_000);
      const mine = async (when: Date) =>
        (await deliverDueDigests(server.db, when, { webhook })).filter((o) => o.teamId === team.id);
      expect(await mine(at(0))).toMatchObject([
        { channel: 'webhook', status: 'failed', error: 'the webhook answered 500' },
      ]);
      expect(await mine(at(2))).toMatchObject([{ status: 'failed' }]);
      expect(await mine(at(10))).toMatchObject([{ status: 'sent' }]);
      expect(await mine(at(60))).toEqual([]);
      expect(receiver.requests()).toBe(3);
      expect(receiver.bodies).toHaveLength(1);
      expect(receiver.bodies[0]?.text).toContain(`*Hallway weekly digest: ${team.name}, week of 2026-03-23*`);
    } finally {
      await receiver.close();
    }
  });

  it("serves the digest to the hub: one team or the caller's own teams, as data and as Markdown", async () => {
    const ws = await server.workspace();
    const team = await teamWith(ws.admin, 'UTC', [{ name: 'member user' }]);
    await teamWith(ws.admin, 'UTC', [{ name: 'Someone else' }]);
    const one = await ws.viewer.get(`/v1/digest?teams=${team.id}&week=2026-03-23`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      digest: { label: team.name, week: { start: '2026-03-23' } },
      markdown: expect.stringContaining('# Weekly digest'),
    });
    const mine = await ws.member.get('/v1/digest?teams=mine&week=2026-03-23');
    expect((mine.body as { digest: { teams: { id: string }[] } }).digest.teams.map((t) => t.id)).toEqual([team.id]);
    expect((await ws.viewer.get('/v1/digest?teams=mine&week=2026-03-24')).status).toBe(400);
    expect(
      (await ws.member.request('PUT', `/v1/teams/${team.id}/digest-settings`, { webhookUrl: 'https://hooks.test/x' }))
        .status,
    ).toBe(403);
  });
});
