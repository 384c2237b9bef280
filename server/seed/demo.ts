import type { OwnershipRuleInput } from '../../utils/contract.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/actor.ts';
import { createDecision } from '../domain/decisions.ts';
import { createGoal } from '../domain/goals.ts';
import { upsertItem } from '../domain/items.ts';
import { createLink } from '../domain/links.ts';
import { createRule } from '../domain/rules.ts';
import { writeInWorkspace } from '../domain/session.ts';
import { createTeam } from '../domain/teams.ts';
import { createUserToken, createWorkspace } from '../domain/tokens.ts';

/** Fixed ids and keys, so end-to-end tests can point at the demo data. */
const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
export const DEMO = {
  teams: { engineering: id(1), payments: id(2), platform: id(3), growth: id(4), support: id(5) },
  goals: { revenue: id(11), euPayments: id(12), sepaGa: id(13), availability: id(14), firstResponse: id(15) },
  decisions: { adyen: id(21), stripe: id(22), postgres: id(23), supportHours: id(24) },
  items: {
    pay1: 'jira:acme.atlassian.net/PAY-1',
    pay2: 'jira:acme.atlassian.net/PAY-2',
    asanaLaunch: 'asana:1209876543210042',
    notionSpec: 'notion:4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
    gmailThread: 'gmail:FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
    gmailSupport: 'gmail:FMfcgzQXKdTsBnMpRwLqHvGzXjNcPkWs',
  },
  notionEngineeringHandbook: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
  asanaGrowthProject: '1209876543210001',
} as const;

type DemoItem = Parameters<typeof upsertItem>[2];

/** The demo's work items, each with the container facts its page shows (ids and names, as the adapters read them). */
export const DEMO_ITEMS: readonly DemoItem[] = [
  ...[
    ['PAY-1', 'SEPA checkout: collect the mandate'],
    ['PAY-2', 'Retry failed SEPA debits'],
  ].map(
    ([key, title]): DemoItem => ({
      ref: {
        tool: 'jira',
        kind: 'issue',
        id: key as string,
        workspace: 'acme.atlassian.net',
        project: 'PAY',
        key: `jira:acme.atlassian.net/${key}`,
        url: `https://acme.atlassian.net/browse/${key}`,
      },
      title: title as string,
      context: { jiraProject: 'Payments', jiraIssueType: 'Story' },
    }),
  ),
  {
    ref: {
      tool: 'asana',
      kind: 'task',
      id: '1209876543210042',
      workspace: '1209876543200000',
      project: DEMO.asanaGrowthProject,
      key: DEMO.items.asanaLaunch,
      url: 'https://app.asana.com/0/0/1209876543210042',
    },
    title: 'EU launch campaign',
    context: {
      asanaProjects: [
        { id: DEMO.asanaGrowthProject, name: 'Website Relaunch' },
        { id: '1211341031891299', name: 'Marketing Q3' },
      ],
    },
  },
  {
    ref: {
      tool: 'notion',
      kind: 'page',
      id: '4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
      key: DEMO.items.notionSpec,
      url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
    },
    title: 'SEPA Direct Debit: design',
    context: {
      notionParents: [
        { id: DEMO.notionEngineeringHandbook, name: 'Engineering Handbook' },
        { id: '7a2b3c4d5e6f40718293a4b5c6d7e8f9', name: 'Platform' },
      ],
    },
  },
  {
    ref: {
      tool: 'gmail',
      kind: 'thread',
      id: 'FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
      key: DEMO.items.gmailThread,
      url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
    },
    title: 'Re: SEPA provider pricing',
    context: {
      gmailLabels: ['Inbox', 'Payments', 'Vendors'],
      gmailParticipants: ['sales@adyen.test', 'priya@acme.test'],
    },
  },
  {
    ref: {
      tool: 'gmail',
      kind: 'thread',
      id: 'FMfcgzQXKdTsBnMpRwLqHvGzXjNcPkWs',
      key: DEMO.items.gmailSupport,
      url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKdTsBnMpRwLqHvGzXjNcPkWs',
    },
    title: 'Refund for a double SEPA debit',
    context: {
      gmailLabels: ['Inbox', 'Support'],
      gmailParticipants: ['jonas@berg-bikes.test', 'support@acme.test', 'grace@acme.test'],
    },
  },
];

/**
 * The demo's ownership rules, each owning a demo item that has no owner link (PAY-2, the EU launch task, the SEPA
 * design page, the pricing thread, the refund thread), so every rule shows in the sidebar as the owner's source.
 */
export const DEMO_RULES = [
  {
    id: id(41),
    tool: 'jira',
    field: 'jiraProject',
    pattern: 'PAY',
    teamId: DEMO.teams.payments,
    goalId: DEMO.goals.euPayments,
    priority: 10,
  },
  {
    id: id(42),
    tool: 'asana',
    field: 'asanaProject',
    pattern: DEMO.asanaGrowthProject,
    teamId: DEMO.teams.growth,
    goalId: DEMO.goals.revenue,
    priority: 10,
  },
  {
    id: id(43),
    tool: 'notion',
    field: 'notionAncestor',
    pattern: DEMO.notionEngineeringHandbook,
    teamId: DEMO.teams.platform,
    goalId: null,
    priority: 0,
  },
  {
    id: id(44),
    tool: 'gmail',
    field: 'gmailLabel',
    pattern: 'Support',
    teamId: DEMO.teams.support,
    goalId: DEMO.goals.firstResponse,
    priority: 5,
  },
  {
    id: id(45),
    tool: 'gmail',
    field: 'gmailSenderDomain',
    pattern: '*.adyen.test',
    teamId: DEMO.teams.payments,
    goalId: null,
    priority: 0,
  },
] as const satisfies readonly (OwnershipRuleInput & { id: string })[];

const asciiFirstName = (name: string) =>
  (name.split(' ')[0] ?? name)
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

const seedActor = (workspaceId: string): Actor => ({
  workspaceId,
  userId: id(99),
  userName: 'Demo seed',
  role: 'admin',
  tokenId: id(98),
});

/**
 * Fills `workspaceId` with a realistic work graph: teams with members, a goal tree, decisions with supersession,
 * items in all four tools, links and ownership rules. Writes go through the domain, so the sync feed has them.
 */
export async function seedDemo(db: Database, workspaceId: string, now: Date = new Date()): Promise<void> {
  await writeInWorkspace(
    db,
    seedActor(workspaceId),
    () => now,
    async (s) => {
      const { teams, goals, decisions, items } = DEMO;
      const team = (key: keyof typeof teams, name: string, parent: string | null, members: string[]) =>
        createTeam(s, teams[key], {
          name,
          slug: key,
          description: `${name} team`,
          parentTeamId: parent,
          members: members.map((member) => ({
            name: member,
            email: `${asciiFirstName(member)}@acme.test`,
          })),
        });
      await team('engineering', 'Engineering', null, ['Ada Lovelace']);
      await team('payments', 'Payments', teams.engineering, ['Priya Natarajan', 'Tomás Ortega', 'Lea Schmidt']);
      await team('platform', 'Platform', teams.engineering, ['Kenji Watanabe', 'Amara Okafor']);
      await team('growth', 'Growth', null, ['Sofia Rossi', 'Noah Levi']);
      await team('support', 'Customer Support', null, ['Grace Kim']);

      const goal = (key: keyof typeof goals, title: string, owner: string, parent: string | null, progress: number) =>
        createGoal(s, goals[key], {
          title,
          description: '',
          ownerTeamId: owner,
          parentGoalId: parent,
          status: progress < 30 ? 'at_risk' : 'on_track',
          progress,
          targetDate: '2026-12-31',
        });
      await goal('revenue', 'Grow revenue 20% in 2026', teams.growth, null, 45);
      await goal('euPayments', 'Launch payments in the EU', teams.payments, goals.revenue, 60);
      await goal('sepaGa', 'SEPA Direct Debit generally available', teams.payments, goals.euPayments, 35);
      await goal('availability', '99.95% API availability', teams.platform, null, 80);
      await goal('firstResponse', 'First response to customers within 2 hours', teams.support, null, 20);

      for (const item of DEMO_ITEMS) await upsertItem(s, crypto.randomUUID(), item);

      const links = [
        [31, { kind: 'owner', itemKey: items.pay1, teamId: teams.payments }],
        [32, { kind: 'goal', itemKey: items.pay1, goalId: goals.sepaGa }],
        [34, { kind: 'goal', itemKey: items.notionSpec, goalId: goals.euPayments }],
        [36, { kind: 'related', itemKey: items.gmailThread, relatedItemKey: items.pay1 }],
      ] as const;
      for (const [n, link] of links) await createLink(s, id(n), link);

      const decision = (
        key: keyof typeof decisions,
        input: { title: string; rationale: string; teamId: string; goalId: string | null; itemKeys: string[] },
        decidedAt: string,
        decidedBy: string,
        supersedes: string | null = null,
      ) =>
        createDecision(
          s,
          decisions[key],
          { ...input, status: 'accepted', decidedAt, quote: null, sourceUrl: null, supersedes },
          decidedBy,
        );
      await decision(
        'adyen',
        {
          title: 'Use Adyen for SEPA Direct Debit',
          rationale: 'Adyen already processes our cards; one provider keeps reconciliation simple.',
          teamId: teams.payments,
          goalId: goals.sepaGa,
          itemKeys: [items.pay1, items.gmailThread],
        },
        '2026-02-03T10:00:00Z',
        'Priya Natarajan',
      );
      await decision(
        'stripe',
        {
          title: 'Switch SEPA Direct Debit to Stripe',
          rationale: 'Adyen quoted 3x the per-debit fee and needs six weeks of onboarding; Stripe is live in a week.',
          teamId: teams.payments,
          goalId: goals.sepaGa,
          itemKeys: [items.pay1, items.pay2, items.gmailThread],
        },
        '2026-03-10T15:30:00Z',
        'Priya Natarajan',
        decisions.adyen,
      );
      await decision(
        'postgres',
        {
          title: 'Standardise on PostgreSQL 15',
          rationale: 'One database engine to operate, back up and tune.',
          teamId: teams.platform,
          goalId: goals.availability,
          itemKeys: [items.notionSpec],
        },
        '2026-01-20T09:00:00Z',
        'Kenji Watanabe',
      );
      await decision(
        'supportHours',
        {
          title: 'Staff support 7:00-19:00 CET on weekdays',
          rationale: 'Covers 92% of tickets by arrival time.',
          teamId: teams.support,
          goalId: goals.firstResponse,
          itemKeys: [],
        },
        '2026-02-14T08:00:00Z',
        'Grace Kim',
      );

      for (const { id: ruleId, ...rule } of DEMO_RULES) await createRule(s, ruleId, rule);
    },
  );
}

/** A new workspace holding the demo graph, with an admin token: what end-to-end tests start from. */
export async function createDemoWorkspace(db: Database, now: Date = new Date()) {
  const workspaceId = await createWorkspace(db, 'Acme (demo)', now);
  const admin = await createUserToken(db, { workspaceId, name: 'Demo admin', role: 'admin', now });
  await seedDemo(db, workspaceId, now);
  return { workspaceId, token: admin.token };
}
