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
  },
  notionEngineeringHandbook: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
  asanaGrowthProject: '1209876543210001',
} as const;

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

      const jira = (key: string, title: string) =>
        upsertItem(s, crypto.randomUUID(), {
          ref: {
            tool: 'jira',
            kind: 'issue',
            id: key,
            workspace: 'acme.atlassian.net',
            project: 'PAY',
            key: `jira:acme.atlassian.net/${key}`,
            url: `https://acme.atlassian.net/browse/${key}`,
          },
          title,
          context: { jiraProject: 'PAY', jiraIssueType: 'Story' },
        });
      await jira('PAY-1', 'SEPA checkout: collect the mandate');
      await jira('PAY-2', 'Retry failed SEPA debits');
      await upsertItem(s, crypto.randomUUID(), {
        ref: {
          tool: 'asana',
          kind: 'task',
          id: '1209876543210042',
          workspace: '1209876543200000',
          key: items.asanaLaunch,
          url: `https://app.asana.com/0/${DEMO.asanaGrowthProject}/1209876543210042`,
        },
        title: 'EU launch campaign',
        context: { asanaProjects: [DEMO.asanaGrowthProject] },
      });
      await upsertItem(s, crypto.randomUUID(), {
        ref: {
          tool: 'notion',
          kind: 'page',
          id: '4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
          key: items.notionSpec,
          url: 'https://www.notion.so/acme/SEPA-design-4f8e2a1c9b7d4e6fa1b2c3d4e5f60718',
        },
        title: 'SEPA Direct Debit: design',
        context: { notionParents: [DEMO.notionEngineeringHandbook] },
      });
      await upsertItem(s, crypto.randomUUID(), {
        ref: {
          tool: 'gmail',
          kind: 'thread',
          id: 'FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
          key: items.gmailThread,
          url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmGpLkWqVbNnRtZwXpHs',
        },
        title: 'Re: SEPA provider pricing',
        context: { gmailLabels: ['Payments', 'Vendors'], gmailParticipants: ['priya@acme.test', 'sales@adyen.test'] },
      });

      const links = [
        { kind: 'owner', itemKey: items.pay1, teamId: teams.payments },
        { kind: 'goal', itemKey: items.pay1, goalId: goals.sepaGa },
        { kind: 'owner', itemKey: items.pay2, teamId: teams.payments },
        { kind: 'goal', itemKey: items.notionSpec, goalId: goals.euPayments },
        { kind: 'owner', itemKey: items.asanaLaunch, teamId: teams.growth },
        { kind: 'related', itemKey: items.gmailThread, relatedItemKey: items.pay1 },
      ] as const;
      for (const [index, link] of links.entries()) await createLink(s, id(31 + index), link);

      const decision = (
        key: keyof typeof decisions,
        input: { title: string; rationale: string; teamId: string; goalId: string | null; itemKeys: string[] },
        decidedAt: string,
        decidedBy: string,
        supersedes: string | null = null,
      ) =>
        createDecision(s, decisions[key], {
          ...input,
          status: 'accepted',
          decidedAt,
          decidedBy,
          quote: null,
          sourceUrl: null,
          supersedes,
        });
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

      const rules = [
        {
          tool: 'jira',
          field: 'jiraProject',
          pattern: 'PAY',
          teamId: teams.payments,
          goalId: goals.euPayments,
          priority: 10,
        },
        {
          tool: 'asana',
          field: 'asanaProject',
          pattern: DEMO.asanaGrowthProject,
          teamId: teams.growth,
          goalId: goals.revenue,
          priority: 10,
        },
        {
          tool: 'notion',
          field: 'notionAncestor',
          pattern: DEMO.notionEngineeringHandbook,
          teamId: teams.platform,
          goalId: null,
          priority: 0,
        },
        {
          tool: 'gmail',
          field: 'gmailLabel',
          pattern: 'Support',
          teamId: teams.support,
          goalId: goals.firstResponse,
          priority: 5,
        },
        {
          tool: 'gmail',
          field: 'gmailSenderDomain',
          pattern: '*.adyen.test',
          teamId: teams.payments,
          goalId: null,
          priority: 0,
        },
      ] as const;
      for (const [index, rule] of rules.entries()) await createRule(s, id(41 + index), rule);
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
