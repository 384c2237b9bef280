/**
 * Reviews, the weekly digest and notifications in Chromium (production build) against the real server with the demo
 * workspace, whose admin ("Demo admin") the test makes a member of Payments. Reviews due are set on the server: two
 * of Payments' (the admin's own) and one of Platform's.
 * - The popup lists the admin's own reviews due, and "Still true" is one click.
 * - The hub's Reviews view lists every review due, the admin's first; offline, "Still true" takes one off at once
 *   and the decision's page says "Verified by Demo admin on <today>"; "Edit" opens the goal's review to change,
 *   "Supersede" the decision's page to supersede it; back online, each write reaches the server once.
 * - The hub's Digest view shows a team's week (its decisions made), and copies its Markdown.
 * - Notifications, the background's own path: opted out, nothing is told; opted in, a review due and a decision
 *   superseded on an item the admin linked each become one notification, told once. The browser's grant of the
 *   optional permission and the notifications it shows are stood in for (see the test).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../server/seed/demo.ts';
import { type ExtensionSession, waitFor } from '../support/harness.ts';
import { outboxDrained, readTable, textOf } from '../support/hub-harness.ts';
import { type DemoServer, openConnectedDemo, syncNow } from '../support/sidebar-harness.ts';

let server: DemoServer;
let session: ExtensionSession;
let extension: Page;
const today = new Date().toISOString().slice(0, 10);
/** A calendar day as the extension shows it in Chromium's English (utils/time.ts `calendarDate`): "Dec 1, 2026". */
const shownDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

/** The mutations this test pushed itself (the extension's are the others the server received). */
const pushedByTest = new Set<string>();

async function push(mutations: object[]) {
  const withIds = mutations.map((m) => ({ mutationId: randomUUID(), ...m }));
  for (const mutation of withIds) pushedByTest.add(mutation.mutationId);
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations: withIds }),
  });
  expect(response.status).toBe(200);
  const { results } = (await response.json()) as { results: { status: string; error?: unknown }[] };
  expect(results).toEqual(mutations.map(() => expect.objectContaining({ status: 'applied' })));
}

const versionOf = async (table: string, id: string) =>
  (await server.db.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0]?.version;

interface MirrorRow {
  id: string;
  review?: { verifiedBy: string | null; reviewBy: string | null; everyDays: number | null };
}
const mirrorReview = async (table: string, id: string) =>
  (await readTable<MirrorRow>(extension, table)).find((row) => row.id === id)?.review;

/** The mutations the extension sent of `type` about `id`, each once however often it was retried. */
const sentMutations = (type: string, id: string) =>
  new Set(
    server.requests
      .filter((request) => request.line === 'POST /v1/mutations')
      .flatMap(
        (request) =>
          (JSON.parse(request.body) as { mutations: { mutationId: string; type: string; id: string }[] }).mutations,
      )
      .filter((mutation) => mutation.type === type && mutation.id === id && !pushedByTest.has(mutation.mutationId))
      .map((mutation) => mutation.mutationId),
  );

const hub = (hash: string) => session.openPage(`chrome-extension://${session.extensionId}/hub.html${hash}`, []);
const dueRows = (page: Page) =>
  page.$$eval('[data-review-due]', (rows) => rows.map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()));

beforeAll(async () => {
  ({ server, session, extension } = await openConnectedDemo());
  const [payments] = await server.db.query<{ members: { name: string }[] }>('SELECT members FROM teams WHERE id = $1', [
    DEMO.teams.payments,
  ]);
  await push([
    {
      type: 'team.update',
      id: DEMO.teams.payments,
      baseVersion: await versionOf('teams', DEMO.teams.payments),
      data: { members: [...(payments?.members ?? []), { name: 'Demo admin' }] },
    },
    // The admin's own: a decision and two goals of Payments. Not theirs: Platform's decision.
    { type: 'decision.review', id: DEMO.decisions.stripe, data: { verified: false, reviewBy: '2026-01-05' } },
    { type: 'goal.review', id: DEMO.goals.sepaGa, data: { verified: false, reviewBy: '2026-02-01' } },
    { type: 'goal.review', id: DEMO.goals.euPayments, data: { verified: false, reviewBy: '2026-03-01' } },
    { type: 'decision.review', id: DEMO.decisions.postgres, data: { verified: false, reviewBy: '2026-04-01' } },
  ]);
  await syncNow(extension);
  await waitFor(
    () => mirrorReview('decisions', DEMO.decisions.postgres),
    (review) => review?.reviewBy === '2026-04-01',
    30_000,
  );
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('reviews', () => {
  it("the popup lists the user's own reviews due; still true is one click", async () => {
    const popup = await session.openPage(`chrome-extension://${session.extensionId}/popup.html`, []);
    await popup.waitForSelector('section[aria-label="Reviews due"] [data-review-due]', { timeout: 30_000 });
    expect(await textOf(popup, 'section[aria-label="Reviews due"] p')).toBe('3 reviews of yours are due');
    const titles = await popup.$$eval('section[aria-label="Reviews due"] li', (rows) =>
      rows.map((row) => row.querySelector('span')?.textContent),
    );
    // Platform's decision is not the admin's.
    expect([...titles].sort()).toEqual(
      [
        'Launch payments in the EU',
        'SEPA Direct Debit generally available',
        'Switch SEPA Direct Debit to Stripe',
      ].sort(),
    );
    const euRow = await popup.waitForSelector('::-p-xpath(//li[span[text()="Launch payments in the EU"]])');
    await (await euRow?.$('button'))?.click();
    await popup.waitForFunction(() => !(document.body.textContent ?? '').includes('Launch payments in the EU'));
    expect(await textOf(popup, 'section[aria-label="Reviews due"] p')).toBe('2 reviews of yours are due');
    await outboxDrained(extension);
    const [goal] = await server.db.query<{ review: { verifiedBy: string; verifiedAt: string } }>(
      'SELECT review FROM goals WHERE id = $1',
      [DEMO.goals.euPayments],
    );
    expect(goal?.review.verifiedBy).toBe('Demo admin');
    await popup.close();
  });

  it('the hub lists every review due, the user’s first: still true (offline), edit, supersede; synced once', async () => {
    const page = await hub('#/reviews');
    await page.waitForSelector('[data-review-due]', { timeout: 30_000 });
    const rows = await dueRows(page);
    expect(rows).toHaveLength(3);
    // The admin's own first, each marked; Platform's last.
    expect(rows.slice(0, 2).every((row) => row.includes('· yours'))).toBe(true);
    expect(rows[2]).toContain('Standardise on PostgreSQL 15');
    expect(rows[2]).not.toContain('yours');
    expect(rows.join('\n')).toContain('Overdue since Jan 5, 2026 · Never verified');

    // Offline: "Still true" is a local write; the row leaves at once.
    await server.stop();
    const stripeRow = await page.waitForSelector(
      '::-p-xpath(//li[@data-review-due="decision"][.//a[text()="Switch SEPA Direct Debit to Stripe"]])',
    );
    await (await stripeRow?.$('::-p-text(Still true)'))?.click();
    await page.waitForFunction(() => !(document.body.textContent ?? '').includes('Switch SEPA Direct Debit to Stripe'));
    // The decision's page says who verified it and when, still offline.
    await page.evaluate((id) => {
      location.hash = `#/decisions/${id}`;
    }, DEMO.decisions.stripe);
    await page.waitForFunction(
      (text) => document.querySelector('[data-review="decision"]')?.textContent?.includes(text),
      { timeout: 15_000 },
      `Verified by Demo admin on ${shownDay(today)}`,
    );
    // Its next review on a date rather than an interval: "On a date", then the day; the page says which applies.
    const reviewOn = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.select('[data-review="decision"] select[aria-label="Review schedule"]', 'date');
    const dateInput = await page.waitForSelector('[data-review="decision"] input[type="date"]');
    await dateInput?.evaluate((input, value) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, reviewOn);
    await page.waitForFunction(
      (text) =>
        document.querySelector('[data-review="decision"] [data-review-schedule="date"]')?.textContent?.includes(text),
      { timeout: 15_000 },
      `Review on ${shownDay(reviewOn)}`,
    );

    // "Edit": the goal's page, where its review is set: every quarter, and verified now.
    await page.evaluate(() => {
      location.hash = '#/reviews';
    });
    const goalRow = await page.waitForSelector('::-p-xpath(//li[@data-review-due="goal"])');
    await (await goalRow?.$('::-p-text(Edit)'))?.click();
    const interval = await page.waitForSelector('[data-review="goal"] select[aria-label="Review schedule"]');
    await interval?.select('90');
    await page.waitForFunction(
      () => (document.querySelector('[data-review="goal"] select') as HTMLSelectElement | null)?.value === '90',
    );
    await (await page.waitForSelector('[data-review="goal"] ::-p-text(Still true)'))?.click();
    const nextReview = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    // The interval applies, and the verification moved its next date to 90 days from now.
    await page.waitForFunction(
      (text) =>
        document.querySelector('[data-review="goal"] [data-review-schedule="every"]')?.textContent?.includes(text),
      { timeout: 15_000 },
      `every 90 days, next on ${shownDay(nextReview)}`,
    );

    // "Supersede": the decision's page, where a new decision replaces it.
    await page.evaluate(() => {
      location.hash = '#/reviews';
    });
    const platformRow = await page.waitForSelector('::-p-xpath(//li[@data-review-due="decision"])');
    expect(await platformRow?.evaluate((row) => row.textContent)).toContain('Standardise on PostgreSQL 15');
    await (await platformRow?.$('::-p-text(Supersede)'))?.click();
    await (await page.waitForSelector('::-p-text(Supersede…)'))?.click();
    await page.type('form[aria-label="Supersede decision"] input', 'Standardise on PostgreSQL 17');
    await (await page.waitForSelector('::-p-text(Log and supersede)'))?.click();
    await page.waitForFunction(() => !document.querySelector('form[aria-label="Supersede decision"]'), {
      timeout: 15_000,
    });
    await page.evaluate(() => {
      location.hash = '#/reviews';
    });
    await page.waitForSelector('::-p-text(No review is due)', { timeout: 15_000 });
    expect(await dueRows(page)).toEqual([]);

    // Back online: each write reaches the server once.
    await server.start();
    await outboxDrained(extension);
    const [stripe] = await server.db.query<{
      review: { verifiedBy: string; verifiedAt: string; reviewBy: string | null; everyDays: number | null };
    }>('SELECT review FROM decisions WHERE id = $1', [DEMO.decisions.stripe]);
    expect(stripe?.review.verifiedBy).toBe('Demo admin');
    expect(stripe?.review.verifiedAt.slice(0, 10)).toBe(today);
    expect(stripe?.review).toMatchObject({ reviewBy: reviewOn, everyDays: null });
    // "Still true" and the date: two writes, each sent once.
    expect(sentMutations('decision.review', DEMO.decisions.stripe).size).toBe(2);
    // Each of them applied once: its mutation id is recorded once, with its effect.
    const applied = await server.db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])',
      [[...sentMutations('decision.review', DEMO.decisions.stripe)]],
    );
    expect(applied[0]?.n).toBe('2');
    const [sepa] = await server.db.query<{ review: { everyDays: number } }>('SELECT review FROM goals WHERE id = $1', [
      DEMO.goals.sepaGa,
    ]);
    expect(sepa?.review.everyDays).toBe(90);
    // The interval and the verification: two writes, each sent once.
    expect(sentMutations('goal.review', DEMO.goals.sepaGa).size).toBe(2);
    const [postgres] = await server.db.query<{ status: string; superseded_by: string }>(
      'SELECT status, superseded_by FROM decisions WHERE id = $1',
      [DEMO.decisions.postgres],
    );
    expect(postgres?.status).toBe('superseded');
    const [successor] = await server.db.query<{ title: string }>('SELECT title FROM decisions WHERE id = $1', [
      postgres?.superseded_by,
    ]);
    expect(successor?.title).toBe('Standardise on PostgreSQL 17');
    await page.close();
  });
});

describe('the weekly digest', () => {
  it("shows a team's week and copies its Markdown", async () => {
    await push(
      ['Cap SEPA retries at 3', 'Send the mandate by e-mail [with a PDF](x)'].map((title, n) => ({
        type: 'decision.create',
        id: randomUUID(),
        data: {
          title,
          decidedAt: `2026-11-2${4 + n}T10:00:00Z`,
          teamId: DEMO.teams.payments,
          itemKeys: [DEMO.items.pay1],
        },
      })),
    );
    const page = await hub(`#/digest?teams=${DEMO.teams.payments}&week=2026-11-23`);
    await page.waitForSelector('[data-digest="2026-11-23"]', { timeout: 30_000 });
    const body = await textOf(page, '[data-digest="2026-11-23"]');
    expect(body).toContain('Payments');
    expect(body).toContain('Cap SEPA retries at 3');
    expect(body).toContain('Send the mandate by e-mail [with a PDF](x)');
    // The snapshot's charts, drawn from the server's counts: the week's two decisions on Tuesday and Wednesday.
    const charts = await page.$$eval('[data-digest="2026-11-23"] svg[role="img"]', (svgs) =>
      svgs.map((svg) => svg.getAttribute('aria-label') ?? ''),
    );
    expect(charts).toHaveLength(3);
    expect(charts[0]).toBe('Decisions per day: Mon 0, Tue 1, Wed 1, Thu 0, Fri 0, Sat 0, Sun 0');

    await session.browser
      .defaultBrowserContext()
      .overridePermissions(`chrome-extension://${session.extensionId}`, [
        'clipboard-read',
        'clipboard-sanitized-write',
      ]);
    await page.bringToFront();
    // What the hub hands the clipboard, recorded on its way there (a headless page is not always focused, which the
    // clipboard requires; the copy is still made for real, but not waited for).
    await page.evaluate(() => {
      const clipboard = navigator.clipboard;
      const write = clipboard.writeText.bind(clipboard);
      clipboard.writeText = (text: string) => {
        (window as unknown as { copied?: string }).copied = text;
        void write(text).catch(() => undefined);
        return Promise.resolve();
      };
    });
    await (await page.waitForSelector('::-p-text(Copy Markdown)'))?.click();
    await page.waitForSelector('::-p-text(Copied)');
    const markdown = await page.evaluate(() => (window as unknown as { copied?: string }).copied ?? '');
    expect(markdown).toContain('Payments');
    expect(markdown).toContain('Cap SEPA retries at 3');
    // A title's brackets cannot open a link of their own.
    expect(markdown).not.toContain('[with a PDF](x)');

    // "My teams": the admin is a member of Payments only.
    await page.select('select[aria-label="Teams"]', 'mine');
    await page.waitForFunction(() => location.hash.includes('teams=mine'));
    await page.waitForSelector('[data-digest="2026-11-23"]', { timeout: 30_000 });
    expect(await textOf(page, '[data-digest="2026-11-23"] > p')).toBe('Payments');
    await page.close();
  });
});

describe('notifications', () => {
  it('are opt-in; a review due and a superseded decision on an item I linked are each told once', async () => {
    const worker = await session.serviceWorker();
    // Headless Chromium shows the optional permission's prompt and nothing can answer it (seeding the profile with
    // the permission granted before, which skips it for host permissions, does not for API ones). So the browser's
    // grant stands in here: inside the worker, `permissions.contains` answers for `notifications` as the test says
    // and `notifications.create` records what it is asked to show. Everything else is the background's own path:
    // the opt-in in storage, the mirror after each sync, what was told before.
    await worker.evaluate(() => {
      const scope = globalThis as unknown as { created?: string[]; granted?: boolean };
      scope.created = [];
      scope.granted = false;
      // The background calls these through webextension-polyfill, which passes a callback: answer both ways.
      const answer = <T>(value: T, callback: unknown) => {
        if (typeof callback === 'function') setTimeout(() => callback(value), 0);
        else return Promise.resolve(value);
      };
      const contains = chrome.permissions.contains.bind(chrome.permissions) as (...args: unknown[]) => unknown;
      (chrome.permissions as unknown as { contains: unknown }).contains = (
        wanted: chrome.permissions.Permissions,
        callback?: unknown,
      ) =>
        wanted.permissions?.includes('notifications') && !wanted.origins?.length
          ? answer(scope.granted === true, callback)
          : contains(wanted, ...(callback ? [callback] : []));
      // `chrome.notifications` (and `browser.notifications`, where Chromium has `browser`) is an accessor that stays
      // empty without the permission: defined over, not assigned.
      const stub = {
        create: (id: string, _options: unknown, callback?: unknown) => {
          scope.created?.push(id);
          return answer(id, callback);
        },
        clear: (_id: string, callback?: unknown) => answer(true, callback),
        onClicked: { addListener: () => undefined, removeListener: () => undefined, hasListener: () => false },
      };
      const namespaces = [chrome, (globalThis as unknown as { browser?: object }).browser].filter(Boolean);
      for (const namespace of namespaces) {
        Object.defineProperty(namespace, 'notifications', { configurable: true, value: stub });
      }
    });
    const created = () => worker.evaluate(() => (globalThis as unknown as { created: string[] }).created);
    const remembered = () =>
      worker.evaluate(
        async () => (await chrome.storage.local.get('notifiedEvents')).notifiedEvents as string[] | undefined,
      );
    const optIn = (on: boolean) =>
      worker.evaluate(async (value) => {
        (globalThis as unknown as { granted: boolean }).granted = value;
        await chrome.storage.local.set({ notificationsOptIn: value });
      }, on);

    // Not opted in: a review of the admin's falls due, and it is not told.
    await push([
      { type: 'decision.review', id: DEMO.decisions.stripe, data: { verified: false, reviewBy: '2026-06-01' } },
    ]);
    await syncNow(extension);
    await waitFor(
      () => mirrorReview('decisions', DEMO.decisions.stripe),
      (value) => value?.reviewBy === '2026-06-01',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect([await created(), await remembered()]).toEqual([[], undefined]);

    // Opted in (as the options' checkbox does once the browser granted the permission): it is told.
    await optIn(true);
    const review = `review:decision:${DEMO.decisions.stripe}:2026-06-01`;
    expect(await waitFor(created, (ids) => ids.includes(review), 30_000)).toContain(review);

    // A decision on an item the admin linked is superseded by one that does not name it.
    const linked = 'jira:acme.atlassian.net/PAY-77';
    const old = randomUUID();
    await push([
      {
        type: 'item.upsert',
        id: randomUUID(),
        data: {
          ref: {
            tool: 'jira',
            kind: 'issue',
            id: 'PAY-77',
            workspace: 'acme.atlassian.net',
            project: 'PAY',
            key: linked,
            url: 'https://acme.atlassian.net/browse/PAY-77',
          },
          title: 'Mandate PDF',
        },
      },
      { type: 'link.create', id: randomUUID(), data: { kind: 'owner', itemKey: linked, teamId: DEMO.teams.payments } },
      {
        type: 'decision.create',
        id: old,
        data: { title: 'Mandates by post', decidedAt: '2026-11-20T10:00:00Z', itemKeys: [linked] },
      },
    ]);
    await push([
      {
        type: 'decision.create',
        id: randomUUID(),
        data: { title: 'Mandates by e-mail', decidedAt: '2026-11-21T10:00:00Z', itemKeys: [], supersedes: old },
      },
    ]);
    await syncNow(extension);
    const told = await waitFor(created, (ids) => ids.includes(`superseded:${old}:${linked}`), 30_000);
    // Later changes of the mirror tell nothing again.
    await push([{ type: 'decision.review', id: DEMO.decisions.supportHours, data: { verified: true } }]);
    await syncNow(extension);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await created()).toEqual(told);
    expect(new Set(told).size).toBe(told.length);
    // What was told is remembered, each once, so a restarted worker does not tell it again.
    const kept = (await remembered()) ?? [];
    expect(kept.filter((key) => key === review || key === `superseded:${old}:${linked}`)).toHaveLength(2);
    expect(new Set(kept).size).toBe(kept.length);
  });
});
