/**
 * The one data generator of the benchmarks: a workspace shaped like a large company (many items and links, fewer
 * goals and teams, a few hundred rules), deterministic for given counts. The sync benchmark seeds a server's change
 * feed with it; the hub and sidebar benchmarks write it straight into the extension's IndexedDB, generating it inside
 * the page (`inPage`), so 100,000 records do not cross DevTools one by one. The function is therefore
 * self-contained: it refers to nothing outside its own body.
 */
import type { Decision, Goal, Item, ItemRef, Link, OwnershipRule, Team } from '../../utils/contract.ts';

export interface WorkspaceCounts {
  team: number;
  goal: number;
  rule: number;
  item: number;
  link: number;
  decision: number;
}

export interface SyntheticWorkspace {
  teams: Team[];
  goals: Goal[];
  rules: OwnershipRule[];
  items: Item[];
  links: Link[];
  decisions: Decision[];
}

/** 100,000 records: the scale the README's figures are measured at. */
export const LARGE_WORKSPACE: WorkspaceCounts = {
  team: 100,
  goal: 2_000,
  rule: 200,
  item: 40_000,
  link: 30_000,
  decision: 27_700,
};

export function syntheticWorkspace(counts: WorkspaceCounts): SyntheticWorkspace {
  const uuidOf = (kind: number, n: number) =>
    `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const at = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  const meta = (kind: number, n: number) => ({ id: uuidOf(kind, n), version: 1, createdAt: at(n), updatedAt: at(n) });
  // The order Hallway lists the tools in (utils/tools.ts); spelt out, as this body may refer to nothing outside it.
  const tools = ['jira', 'asana', 'notion', 'gmail'] as const;
  const statuses = ['on_track', 'at_risk', 'off_track', 'done', 'cancelled'] as const;
  const refOf = (n: number): ItemRef => {
    const tool = tools[n % 4] ?? 'jira';
    if (tool === 'jira') {
      const key = `P${n % 300}-${n}`;
      return {
        tool,
        kind: 'issue',
        id: key,
        project: `P${n % 300}`,
        workspace: 'acme.atlassian.net',
        key: `jira:acme.atlassian.net/${key}`,
        url: `https://acme.atlassian.net/browse/${key}`,
      };
    }
    if (tool === 'notion') {
      const id = n.toString(16).padStart(32, '0');
      return { tool, kind: 'page', id, key: `notion:${id}`, url: `https://www.notion.so/${id}` };
    }
    if (tool === 'asana') {
      const id = String(1e15 + n);
      return { tool, kind: 'task', id, key: `asana:${id}`, url: `https://app.asana.com/0/1/${id}` };
    }
    const id = `FMfcg${n.toString(36).padStart(27, 'x')}`;
    return { tool, kind: 'thread', id, key: `gmail:${id}`, url: `https://mail.google.com/mail/u/0/#inbox/${id}` };
  };
  const times = <T>(count: number, make: (n: number) => T): T[] => Array.from({ length: count }, (_, n) => make(n));
  const items = Math.max(counts.item, 1);

  return {
    teams: times(counts.team, (n) => ({
      ...meta(1, n),
      name: `Team ${n}`,
      slug: `team-${n}`,
      description: 'A team.',
      parentTeamId: n > 10 ? uuidOf(1, n % 10) : null,
      members: [{ name: `Lead ${n}` }],
    })),
    goals: times(counts.goal, (n) => ({
      ...meta(2, n),
      title: `Goal ${n}`,
      description: 'Why it matters.',
      ownerTeamId: uuidOf(1, n % counts.team),
      parentGoalId: n >= 20 ? uuidOf(2, Math.floor(n / 20) - 1) : null,
      status: statuses[n % 5] ?? 'on_track',
      progress: n % 100,
      targetDate: '2026-12-31',
      statusHistory: [{ status: statuses[n % 5] ?? 'on_track', progress: n % 100, at: at(n), by: 'Bench' }],
    })),
    rules: times(counts.rule, (n) => ({
      ...meta(3, n),
      tool: 'jira',
      field: 'jiraProject',
      pattern: n % 10 === 0 ? `P${n}*` : `P${n}`,
      teamId: uuidOf(1, n % counts.team),
      goalId: uuidOf(2, n % counts.goal),
      priority: n % 5,
    })),
    items: times(counts.item, (n) => ({
      ...meta(4, n),
      ref: refOf(n),
      title: `Work item ${n} about payments, onboarding and retries`,
      context:
        n % 4 === 0 ? { jiraProject: `P${n % 300}` } : n % 4 === 2 ? { notionParents: [{ name: 'Engineering' }] } : {},
    })),
    links: times(counts.link, (n): Link => {
      const base = { ...meta(5, n), itemKey: refOf(n % items).key, createdBy: 'Bench' };
      if (n % 3 === 0) return { ...base, kind: 'owner', teamId: uuidOf(1, n % counts.team) };
      if (n % 3 === 1) return { ...base, kind: 'goal', goalId: uuidOf(2, n % counts.goal) };
      return { ...base, kind: 'related', relatedItemKey: refOf((n * 7) % items).key };
    }),
    decisions: times(counts.decision, (n) => ({
      ...meta(6, n),
      title: `Decision ${n}: choose a provider for region ${n % 40}`,
      rationale: 'Because the data said so. '.repeat(4),
      status: 'accepted',
      statusHistory: [],
      decidedAt: at(n),
      decidedBy: 'Bench',
      teamId: uuidOf(1, n % counts.team),
      goalId: uuidOf(2, n % counts.goal),
      itemKeys: [refOf(n % items).key, refOf((n * 13) % items).key],
      quote: null,
      sourceUrl: null,
      supersedes: n % 10 === 9 ? uuidOf(6, n - 1) : null,
      supersededBy: null,
    })),
  };
}

/**
 * Generates the workspace inside `page` and writes it into the extension's mirror (IndexedDB `hallway`), with the
 * admin's credentials when `signedInAs` is given; resolves with the number of records written.
 */
export function inPage(
  page: { evaluate(script: string): Promise<unknown> },
  counts: Partial<WorkspaceCounts>,
  signedInAs?: string,
): Promise<number> {
  const all: WorkspaceCounts = { team: 0, goal: 0, rule: 0, item: 0, link: 0, decision: 0, ...counts };
  const me = signedInAs
    ? {
        workspace: { id: '00000009-0000-4000-8000-000000000000', name: 'Bench' },
        user: { id: '00000009-0000-4000-8000-000000000001', name: signedInAs, role: 'admin' },
      }
    : null;
  return page.evaluate(`new Promise((resolve, reject) => {
    const rows = (${syntheticWorkspace.toString()})(${JSON.stringify(all)});
    const me = ${JSON.stringify(me)};
    const open = indexedDB.open('hallway');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tables = Object.keys(rows);
      const tx = open.result.transaction(me ? [...tables, 'credentials'] : tables, 'readwrite');
      let total = 0;
      for (const table of tables) {
        const store = tx.objectStore(table);
        for (const row of rows[table]) store.put(row);
        total += rows[table].length;
      }
      if (me) tx.objectStore('credentials').put({ id: 'main', token: 'bench', me });
      tx.oncomplete = () => { open.result.close(); resolve(total); };
      tx.onerror = () => reject(tx.error);
    };
  })`) as Promise<number>;
}
