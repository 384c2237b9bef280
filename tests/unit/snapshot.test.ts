import { describe, expect, it, vi } from 'vitest';
import {
  computeSnapshot,
  dismissalKey,
  snapshotToCsv,
  snapshotToMarkdown,
  teamsOfUser,
  weekOf,
} from '../../utils/snapshot/index.ts';
import { speaking } from '../support/locale-messages.ts';
import { acmeWorkspace, goal, goalLink, item, notionRef } from '../support/sync-fixtures.ts';

describe('weekOf', () => {
  it('is the Monday-to-Monday UTC week containing the instant', () => {
    expect(weekOf('2026-02-01T09:00:00Z')).toEqual({ start: '2026-01-26', end: '2026-02-02' });
    expect(weekOf('2026-01-26T00:00:00Z')).toEqual({ start: '2026-01-26', end: '2026-02-02' });
    expect(weekOf(new Date('2026-12-31T23:59:59Z'))).toEqual({ start: '2026-12-28', end: '2027-01-04' });
  });
});

describe('computeSnapshot', () => {
  const week = weekOf('2026-02-01T09:00:00Z');

  it('gathers a team: owned and goal-linked items by tool, its goals, and the week decisions', () => {
    const acme = acmeWorkspace();
    const snapshot = computeSnapshot(acme.data, { kind: 'team', teamId: acme.teams.payments.id }, week);
    expect(snapshot.scopeLabel).toBe('Payments');
    const keysOf = (tool: 'jira' | 'notion' | 'gmail' | 'asana') =>
      snapshot.itemsByTool[tool].items.map((row) => row.ref.key);
    // PAY-1 by rule, the spec by its newest owner link, the Stripe thread by sender domain (priority 5 > label 0).
    expect(keysOf('jira')).toEqual([acme.items.pay1.ref.key]);
    expect(keysOf('notion')).toEqual([acme.items.spec.ref.key]);
    expect(keysOf('gmail')).toEqual([acme.items.thread.ref.key]);
    expect(keysOf('asana')).toEqual([]);
    expect(snapshot.goalsByStatus.on_track.map((row) => row.title)).toEqual([
      'Checkout conversion to 4%',
      'Recover failed card payments',
    ]);
    expect(snapshot.decisionsMade.map((row) => row.title)).toEqual(['Retry failed payments 5 times']);
    // Checkout conversion has no item of its own: PAY-1 is linked to the sub-goal explicitly.
    expect(snapshot.goalsWithoutWork.map((row) => row.id)).toEqual([acme.goals.checkoutGoal.id]);
    // The spec was linked to the first decision and the thread to the second, neither to what replaced it; PAY-1
    // was linked to each successor, so it is not listed.
    expect(
      snapshot.supersededStillLinked.map(({ decision, item, current }) => [decision.title, item.title, current.title]),
    ).toEqual([
      ['Retry failed payments 3 times', 'Payment retries spec', 'Retry with exponential backoff, at most 4 times'],
      ['Retry failed payments 5 times', 'Re: Stripe retry limits', 'Retry with exponential backoff, at most 4 times'],
    ]);
  });

  it('clears "superseded but still linked" once the item is linked to a successor, or the pair dismissed', () => {
    const acme = acmeWorkspace();
    const scope = { kind: 'team', teamId: acme.teams.payments.id } as const;
    const { third } = acme.decisions;
    const relinked = {
      ...acme.data,
      decisions: acme.data.decisions.map((row) =>
        row.id === third.id ? { ...row, itemKeys: [...row.itemKeys, acme.items.spec.ref.key] } : row,
      ),
    };
    expect(computeSnapshot(relinked, scope, week).supersededStillLinked.map((entry) => entry.item.title)).toEqual([
      'Re: Stripe retry limits',
    ]);
    const dismissed = new Set([dismissalKey(acme.decisions.second.id, acme.items.thread.ref.key)]);
    expect(computeSnapshot(relinked, scope, week, undefined, { dismissed }).supersededStillLinked).toEqual([]);
  });

  it('lists nothing for a supersession whose items all moved to the successor, as in the demo', () => {
    const acme = acmeWorkspace();
    const decisions = acme.data.decisions.map((row) => ({
      ...row,
      itemKeys: [acme.items.pay1.ref.key, acme.items.spec.ref.key, acme.items.thread.ref.key],
    }));
    const snapshot = computeSnapshot({ ...acme.data, decisions }, { kind: 'workspace' }, week);
    expect(snapshot.supersededStillLinked).toEqual([]);
  });

  it('covers the whole workspace, or several teams at once', () => {
    const acme = acmeWorkspace();
    const whole = computeSnapshot(acme.data, { kind: 'workspace' }, week);
    expect(whole.scopeLabel).toBe('Whole workspace');
    expect(Object.values(whole.itemsByTool).flatMap((bucket) => bucket.items)).toHaveLength(acme.data.items.length);
    expect(Object.values(whole.goalsByStatus).flat()).toHaveLength(acme.data.goals.length);
    const teamIds = [acme.teams.payments.id, acme.teams.growth.id];
    const both = computeSnapshot(acme.data, { kind: 'teams', teamIds }, week);
    expect(both.scopeLabel).toBe('Payments, Growth');
    const keys = (snapshot: typeof both) =>
      Object.values(snapshot.itemsByTool).flatMap((bucket) => bucket.items.map((row) => row.ref.key));
    const each = teamIds.flatMap((teamId) => keys(computeSnapshot(acme.data, { kind: 'team', teamId }, week)));
    expect(keys(both).toSorted()).toEqual([...new Set(each)].toSorted());
  });

  it("finds the user's teams by member name", () => {
    const acme = acmeWorkspace();
    const teams = acme.data.teams.map((row) =>
      row.id === acme.teams.growth.id ? { ...row, members: [{ name: 'Priya Natarajan' }] } : row,
    );
    expect(teamsOfUser(teams, ' priya natarajan ').map((row) => row.name)).toEqual(['Growth']);
    expect(teamsOfUser(teams, 'Nobody')).toEqual([]);
  });

  it('scopes a goal to its whole subtree and reports unowned work seen that week', () => {
    const acme = acmeWorkspace();
    const orphan = {
      ...item(notionRef('feedfacefeedfacefeedfacefeedface'), 'Dunning email copy'),
      createdAt: '2026-01-28T12:00:00.000Z',
      updatedAt: '2026-01-28T12:00:00.000Z',
    };
    const oldOrphan = item(notionRef('0000facefeedfacefeedfacefeedface'), 'Old retry notes');
    const data = {
      ...acme.data,
      items: [...acme.data.items, orphan, oldOrphan],
      links: [
        ...acme.data.links,
        goalLink(orphan.ref.key, acme.goals.retriesGoal.id),
        goalLink(oldOrphan.ref.key, acme.goals.retriesGoal.id),
      ],
    };
    const snapshot = computeSnapshot(data, { kind: 'goal', goalId: acme.goals.companyGoal.id }, week);
    expect(snapshot.scopeLabel).toBe('Grow revenue 30% in 2026');
    expect(Object.values(snapshot.goalsByStatus).flat()).toHaveLength(3);
    expect(snapshot.itemsByTool.notion.items.map((row) => row.title).toSorted()).toEqual([
      'Dunning email copy',
      'Old retry notes',
    ]);
    expect(snapshot.itemsByTool.notion.newThisWeek).toBe(1);
    expect(snapshot.unownedItemsSeen.map((row) => row.title)).toEqual(['Dunning email copy']);
    // The company goal and checkout conversion have no item linked to them directly.
    expect(snapshot.goalsWithoutWork.map((row) => row.title).toSorted()).toEqual([
      'Checkout conversion to 4%',
      'Grow revenue 30% in 2026',
    ]);
  });

  it('leaves closed goals out of "no linked work" and work under closed goals out of "still linked"', () => {
    const acme = acmeWorkspace();
    const closed = { ...acme.goals.retriesGoal, status: 'done' as const };
    const shipped = goal('Shipped and forgotten', { ownerTeamId: acme.teams.payments.id, status: 'cancelled' });
    const data = {
      ...acme.data,
      goals: [acme.goals.companyGoal, acme.goals.checkoutGoal, closed, acme.goals.uptimeGoal, shipped],
    };
    const snapshot = computeSnapshot(data, { kind: 'goal', goalId: acme.goals.retriesGoal.id }, week);
    expect(snapshot.goalsWithoutWork).toEqual([]);
    expect(snapshot.goalsByStatus.done.map((row) => row.id)).toEqual([closed.id]);
    expect(snapshot.supersededStillLinked).toEqual([]);
  });
});

describe('snapshot exports', () => {
  const acme = acmeWorkspace();
  const week = weekOf('2026-02-01T09:00:00Z');
  const snapshot = computeSnapshot(acme.data, { kind: 'team', teamId: acme.teams.payments.id }, week);
  const hubPageUrl = 'chrome-extension://abc/hub.html';

  it('writes Markdown tables with hub links, escaping pipes in titles', () => {
    const withPipe = {
      ...snapshot,
      goalsWithoutWork: snapshot.goalsWithoutWork.map((row) => ({ ...row, title: 'Checkout | conversion' })),
    };
    const markdown = snapshotToMarkdown(withPipe, { hubPageUrl });
    expect(markdown).toContain('# Work snapshot: Payments');
    expect(markdown).toContain('Week of Jan 26, 2026.');
    expect(markdown).toContain('| Jira | 1 | 0 |');
    expect(markdown).toContain(
      `| [Checkout \\| conversion](${hubPageUrl}#/goals/${acme.goals.checkoutGoal.id}) | On track |  |`,
    );
    expect(markdown).toContain(`[Retry failed payments 5 times](${hubPageUrl}#/decisions/${acme.decisions.second.id})`);
    expect(markdown).toContain('_No unowned items this week._');
  });

  it('writes titles as text: no link, HTML, emphasis or heading of their own, and only http(s) item links', () => {
    const first = snapshot.decisionsMade[0] as (typeof snapshot.decisionsMade)[number];
    const goalRow = snapshot.goalsWithoutWork[0] as (typeof snapshot.goalsWithoutWork)[number];
    const unowned = { ...acme.items.pay1, title: 'Dunning *copy* `x` ~old~ &amp; _y_' };
    const hostile = {
      ...snapshot,
      scopeLabel: 'Payments #',
      decisionsMade: [
        // Without escaping, the title closes the link and opens one of its own to a phishing page.
        { ...first, title: 'Fix login](https://evil.example/phish) [x' },
        { ...first, decidedBy: '<img src=x onerror=alert(1)>' },
      ],
      goalsWithoutWork: [{ ...goalRow, title: '![x](https://t.example/p.png) \\|' }],
      unownedItemsSeen: [
        unowned,
        { ...unowned, title: 'Script', ref: { ...unowned.ref, url: 'javascript:alert(1)' } },
        {
          ...unowned,
          title: 'Parens',
          ref: { ...unowned.ref, url: 'https://acme.atlassian.net/browse/PAY-1?q=(a) b<c>' },
        },
      ],
    };
    const markdown = snapshotToMarkdown(hostile, { hubPageUrl });
    const hub = (view: string, id: string) => `${hubPageUrl}#/${view}/${id}`;
    expect(markdown).toContain('# Work snapshot: Payments \\#\n');
    expect(markdown).toContain(`[Fix login\\](https://evil.example/phish) \\[x](${hub('decisions', first.id)})`);
    expect(markdown).toContain('| \\<img src=x onerror=alert(1)\\> |');
    expect(markdown).toContain(`| [\\!\\[x\\](https://t.example/p.png) \\\\\\|](${hub('goals', goalRow.id)}) |`);
    expect(markdown).toContain(
      `| Jira | [Dunning \\*copy\\* \\\`x\\\` \\~old\\~ \\&amp; \\_y\\_](${acme.items.pay1.ref.url}) |`,
    );
    expect(markdown).toContain('| Jira | Script |');
    expect(markdown).not.toContain('javascript:');
    expect(markdown).toContain('| Jira | [Parens](https://acme.atlassian.net/browse/PAY-1?q=%28a%29%20b%3Cc%3E) |');
  });

  it("links items in Markdown to their real URLs, with their titles and the tools' names", () => {
    const markdown = snapshotToMarkdown(snapshot, { hubPageUrl });
    const { spec } = acme.items;
    expect(markdown).toContain(
      `| [Payment retries spec](${spec.ref.url}) | Notion | [Retry failed payments 3 times](${hubPageUrl}#/decisions/${acme.decisions.first.id}) | [Retry with exponential backoff, at most 4 times](${hubPageUrl}#/decisions/${acme.decisions.third.id}) |`,
    );
    expect(markdown).not.toMatch(/\| (jira|notion|gmail|asana) \|/);
    expect(markdown).not.toContain(spec.ref.key);
  });

  it("writes its headings, labels and dates in the browser's language (German here), the CSV's dates as YYYY-MM-DD", async () => {
    // A page loads in one language: the modules are loaded afresh in German, as the hub would load them.
    const [markdown, csv] = await speaking('de', async () => {
      vi.resetModules();
      const german = await import('../../utils/snapshot/index.ts');
      return [
        german.snapshotToMarkdown(snapshot, { hubPageUrl }),
        german.snapshotToCsv(snapshot).trimEnd().split('\r\n'),
      ];
    });
    expect(markdown).toContain('# Arbeitsstand: Payments');
    expect(markdown).toContain('Woche vom 26. Jan. 2026.');
    expect(markdown).toContain('## Verknüpfte Elemente nach Werkzeug');
    expect(markdown).toContain('| Werkzeug | Verknüpft | Neu diese Woche |');
    expect(markdown).toContain('| 1. Feb. 2026 | [Retry failed payments 5 times]');
    expect(markdown).toContain('| Abgelöst |');
    expect(markdown).toContain('| Im Plan | 2 |');
    expect(markdown).toContain('_Diese Woche keine Elemente ohne Verantwortliche._');
    expect(markdown).not.toMatch(/Week of|Linked items|Decisions made|No unowned/);
    expect(csv[0]).toBe('Abschnitt,Name,Detail,Datum,URL');
    expect(csv).toContain(`getroffene Entscheidung,Retry failed payments 5 times,Abgelöst,2026-02-01,`);
  });

  it('writes one CSV row per fact, quoting commas and defusing formulas', () => {
    const hostile = {
      ...snapshot,
      decisionsMade: snapshot.decisionsMade.map((row) => ({ ...row, title: '=HYPERLINK("x"), then retry' })),
    };
    const lines = snapshotToCsv(hostile).trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,name,detail,date,url');
    expect(lines).toContain(`decision made,"'=HYPERLINK(""x""), then retry",Superseded,2026-02-01,`);
    expect(lines.filter((line) => line.startsWith('linked item,'))).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('goal without work,'))).toEqual([
      'goal without work,Checkout conversion to 4%,On track,,',
    ]);
  });
});
