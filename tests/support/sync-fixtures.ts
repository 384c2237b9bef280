/** Builders for a realistic workspace, shared by the mirror, resolution and sync tests. */
import type { Decision, Goal, Item, ItemRef, Link, OwnershipRule, Team } from '../../utils/contract.ts';
import type { MirrorArrays } from '../../utils/resolve/source.ts';

let counter = 0;
/** Deterministic UUIDs (v4 layout) so failures are readable and runs repeatable. */
export function uuid(label = 0): string {
  counter += 1;
  const hex = (label * 1_000_000 + counter).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

const meta = (at = '2026-01-05T10:00:00.000Z') => ({ id: uuid(), version: 1, createdAt: at, updatedAt: at });

export const team = (name: string, extra: Partial<Team> = {}): Team => ({
  ...meta(),
  name,
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  description: '',
  parentTeamId: null,
  members: [],
  ...extra,
});

export const goal = (title: string, extra: Partial<Goal> = {}): Goal => ({
  ...meta(),
  title,
  description: '',
  ownerTeamId: null,
  parentGoalId: null,
  status: 'on_track',
  progress: 0,
  targetDate: null,
  statusHistory: [],
  ...extra,
});

export const jiraRef = (key: string, host = 'acme.atlassian.net'): ItemRef => ({
  tool: 'jira',
  kind: 'issue',
  id: key,
  workspace: host,
  project: key.split('-')[0],
  key: `jira:${host}/${key}`,
  url: `https://${host}/browse/${key}`,
});
export const notionRef = (id: string): ItemRef => ({
  tool: 'notion',
  kind: 'page',
  id,
  key: `notion:${id}`,
  url: `https://www.notion.so/${id}`,
});
export const gmailRef = (id: string): ItemRef => ({
  tool: 'gmail',
  kind: 'thread',
  id,
  key: `gmail:${id}`,
  url: `https://mail.google.com/mail/u/0/#inbox/${id}`,
});
export const asanaRef = (id: string): ItemRef => ({
  tool: 'asana',
  kind: 'task',
  id,
  key: `asana:${id}`,
  url: `https://app.asana.com/0/1/${id}`,
});

export const item = (ref: ItemRef, title: string, context: Item['context'] = {}): Item => ({
  ...meta(),
  ref,
  title,
  context,
});

export const decision = (title: string, decidedAt: string, extra: Partial<Decision> = {}): Decision => ({
  ...meta(decidedAt),
  title,
  rationale: '',
  status: 'accepted',
  decidedAt,
  decidedBy: 'Ana',
  teamId: null,
  goalId: null,
  itemKeys: [],
  quote: null,
  sourceUrl: null,
  supersedes: null,
  supersededBy: null,
  statusHistory: [],
  ...extra,
});

export const ownerLink = (itemKey: string, teamId: string, at?: string): Link => ({
  ...meta(at),
  kind: 'owner',
  itemKey,
  teamId,
  createdBy: 'Ana',
});
export const goalLink = (itemKey: string, goalId: string): Link => ({
  ...meta(),
  kind: 'goal',
  itemKey,
  goalId,
  createdBy: 'Ana',
});
export const relatedLink = (itemKey: string, relatedItemKey: string): Link => ({
  ...meta(),
  kind: 'related',
  itemKey,
  relatedItemKey,
  createdBy: 'Ana',
});

export const rule = (
  tool: OwnershipRule['tool'],
  field: OwnershipRule['field'],
  pattern: string,
  teamId: string,
  extra: Partial<OwnershipRule> = {},
): OwnershipRule => ({ ...meta(), tool, field, pattern, teamId, goalId: null, priority: 0, ...extra });

/**
 * Acme: four teams, a goal tree three levels deep, rules on every tool, items in all four tools linked to each
 * other, and a decision that was changed twice.
 */
export function acmeWorkspace() {
  const payments = team('Payments');
  const platform = team('Platform');
  const growth = team('Growth');
  const support = team('Support');
  const companyGoal = goal('Grow revenue 30% in 2026', { ownerTeamId: growth.id });
  const checkoutGoal = goal('Checkout conversion to 4%', { ownerTeamId: payments.id, parentGoalId: companyGoal.id });
  const retriesGoal = goal('Recover failed card payments', { ownerTeamId: payments.id, parentGoalId: checkoutGoal.id });
  const uptimeGoal = goal('99.95% API uptime', { ownerTeamId: platform.id });

  const pay1 = item(jiraRef('PAY-1'), 'Retry failed card payments', { jiraProject: 'PAY' });
  const plat7 = item(jiraRef('PLAT-7'), 'Upgrade Postgres', { jiraProject: 'PLAT' });
  const spec = item(notionRef('0123456789abcdef0123456789abcdef'), 'Payment retries spec', {
    notionParents: ['Payments Wiki', 'Engineering'],
  });
  const thread = item(gmailRef('FMfcgzQXJWDsKmGpLrVfhXwhNlRbTzPq'), 'Re: Stripe retry limits', {
    gmailLabels: ['Vendors'],
    gmailParticipants: ['Ana <ana@acme.com>', 'support@stripe.com'],
  });
  const task = item(asanaRef('1208447760021'), 'Announce retries to merchants', { asanaProjects: ['Launch Q2'] });

  const rules = [
    rule('jira', 'jiraProject', 'PAY', payments.id, { goalId: checkoutGoal.id, priority: 10 }),
    rule('jira', 'jiraProject', 'PLAT*', platform.id, { goalId: uptimeGoal.id }),
    rule('jira', 'jiraProject', '*', support.id, { priority: -100 }),
    rule('notion', 'notionAncestor', 'payments*', payments.id),
    rule('notion', 'notionAncestor', 'Engineering', platform.id, { priority: -1 }),
    rule('gmail', 'gmailSenderDomain', 'stripe.com', payments.id, { priority: 5 }),
    rule('gmail', 'gmailLabel', 'vendors', support.id),
    rule('asana', 'asanaProject', 'launch *', growth.id),
  ];

  const first = decision('Retry failed payments 3 times', '2026-01-10T09:00:00.000Z', {
    itemKeys: [pay1.ref.key, spec.ref.key],
    teamId: payments.id,
    status: 'superseded',
  });
  const second = decision('Retry failed payments 5 times', '2026-02-01T09:00:00.000Z', {
    itemKeys: [pay1.ref.key, thread.ref.key],
    teamId: payments.id,
    supersedes: first.id,
    status: 'superseded',
  });
  const third = decision('Retry with exponential backoff, at most 4 times', '2026-03-01T09:00:00.000Z', {
    itemKeys: [pay1.ref.key],
    teamId: payments.id,
    supersedes: second.id,
  });
  first.supersededBy = second.id;
  second.supersededBy = third.id;
  const unrelated = decision('Use Postgres 17', '2026-02-15T09:00:00.000Z', { itemKeys: [plat7.ref.key] });

  const links = [
    ownerLink(spec.ref.key, growth.id, '2026-01-01T00:00:00.000Z'),
    ownerLink(spec.ref.key, payments.id, '2026-01-20T00:00:00.000Z'),
    goalLink(pay1.ref.key, retriesGoal.id),
    relatedLink(pay1.ref.key, spec.ref.key),
    relatedLink(thread.ref.key, pay1.ref.key),
    relatedLink(pay1.ref.key, asanaRef('999').key),
  ];
  const data: MirrorArrays = {
    teams: [payments, platform, growth, support],
    goals: [companyGoal, checkoutGoal, retriesGoal, uptimeGoal],
    items: [pay1, plat7, spec, thread, task],
    decisions: [first, second, third, unrelated],
    links,
    rules,
  };
  return {
    data,
    teams: { payments, platform, growth, support },
    goals: { companyGoal, checkoutGoal, retriesGoal, uptimeGoal },
    items: { pay1, plat7, spec, thread, task },
    decisions: { first, second, third, unrelated },
    rules,
  };
}
