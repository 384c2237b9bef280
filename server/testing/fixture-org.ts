/**
 * A fixture organisation, generated deterministically from a seed: Hallway teams with members, and Jira, Asana and
 * Notion as the stand-in serves them, with each container's true owning team. Its tools are as untidy as real
 * ones: team names spelled differently in each tool ("Team Payments", "Payments Squad"), leads who moved teams,
 * projects with no lead or category, a wiki whose pages belong to many teams, two teams both named Platform.
 * Used by the connector tests and the benchmark (scripts/bench/connectors.ts), which prints the suggestions'
 * precision and coverage against these truths.
 */
import type { ItemContext, ItemRef } from '../../utils/contract.ts';
import type {
  AsanaWorkspaceFixture,
  BlockFixture,
  JiraPerson,
  JiraProjectFixture,
  NotionFixture,
  StandinFixtures,
} from './tool-standin.ts';

export interface FixtureTeam {
  slug: string;
  name: string;
  members: { name: string; email: string }[];
}

export interface FixtureItem {
  ref: ItemRef;
  context: ItemContext;
  /** The slug of the team that truly owns it (null: nobody in particular). */
  owner: string | null;
}

export interface FixtureOrg {
  teams: FixtureTeam[];
  tools: StandinFixtures;
  /** `tool:externalId` of every container a rule can name, to the slug of its true owner (null: none). */
  truth: Map<string, string | null>;
  items: FixtureItem[];
  /** Rules the workspace had before any connector (by team slug). */
  handRules: {
    tool: 'jira' | 'asana' | 'notion';
    field: 'jiraProject' | 'asanaProject' | 'notionAncestor';
    pattern: string;
    team: string;
  }[];
}

/** mulberry32: small, fast, the same sequence on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

const TEAM_NAMES: [string, string][] = [
  ['payments', 'Payments'],
  ['billing', 'Billing'],
  ['growth', 'Growth'],
  ['platform-infra', 'Platform'],
  ['platform-web', 'Platform'],
  ['search', 'Search'],
  ['mobile', 'Mobile'],
  ['data', 'Data'],
  ['security', 'Security'],
  ['identity', 'Identity'],
  ['checkout', 'Checkout'],
  ['onboarding', 'Onboarding'],
  ['support-tools', 'Support Tools'],
  ['design-systems', 'Design Systems'],
  ['risk', 'Risk'],
  ['ledger', 'Ledger'],
  ['notifications', 'Notifications'],
  ['developer-experience', 'Developer Experience'],
  ['analytics', 'Analytics'],
  ['partnerships', 'Partnerships'],
];
const FIRST = [
  'Ana',
  'Bruno',
  'Chen',
  'Dara',
  'Emeka',
  'Farah',
  'Goran',
  'Hana',
  'Ivo',
  'Jun',
  'Kemi',
  'Luis',
  'Mira',
  'Nils',
  'Oona',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sami',
  'Tomas',
  'Uma',
  'Vera',
  'Wen',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Lima',
  'Okafor',
  'Novak',
  'Sato',
  'Berg',
  'Haddad',
  'Moreau',
  'Kowalski',
  'Ibrahim',
  'Rossi',
  'Tanaka',
  'Silva',
  'Meyer',
  'Costa',
  'Nguyen',
  'Fischer',
  'Ahmed',
  'Larsen',
  'Petrov',
  'Reyes',
];
const PRODUCT_WORDS = [
  'Atlas',
  'Orion',
  'Beacon',
  'Harbor',
  'Quartz',
  'Nimbus',
  'Falcon',
  'Juniper',
  'Comet',
  'Summit',
  'Lantern',
  'Meridian',
  'Pioneer',
  'Cobalt',
  'Willow',
];
const SUFFIXES = ['API', 'Service', 'Backend', 'App', 'Roadmap', 'Bugs', 'Platform', 'Core', 'Web', 'Ops'];

const hex32 = (rng: ReturnType<typeof random>) =>
  Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(rng.next() * 16)]).join('');

export function createFixtureOrg(
  options: { seed?: number; jiraProjects?: number; asanaProjects?: number; components?: boolean } = {},
): FixtureOrg {
  const rng = random(options.seed ?? 20261201);
  const used = new Set<string>();
  const person = (): { name: string; email: string } => {
    for (;;) {
      const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      if (used.has(name)) continue;
      used.add(name);
      return { name, email: `${name.toLowerCase().replace(' ', '.')}@acme.test` };
    }
  };
  const teams: FixtureTeam[] = TEAM_NAMES.map(([slug, name]) => ({
    slug,
    name,
    members: Array.from({ length: rng.int(4, 8) }, person),
  }));
  const outsiders = Array.from({ length: 12 }, person);
  const truth = new Map<string, string | null>();
  const items: FixtureItem[] = [];
  let accountSeq = 0;
  const jiraPerson = (member: { name: string; email: string }): JiraPerson => {
    accountSeq += 1;
    return {
      accountId: `5b10ac8d82e05b22cc7d${String(accountSeq).padStart(4, '0')}`,
      displayName: member.name,
      // Atlassian Cloud hides most emails (profile visibility): a third show it.
      ...(rng.chance(0.35) ? { emailAddress: member.email } : {}),
    };
  };
  const otherTeam = (team: FixtureTeam) => {
    for (;;) {
      const other = rng.pick(teams);
      if (other.slug !== team.slug) return other;
    }
  };

  // Jira: projects with leads, categories and components.
  const jira: JiraProjectFixture[] = [];
  const keys = new Set<string>();
  const jiraCount = options.jiraProjects ?? 100;
  for (let i = 0; i < jiraCount; i += 1) {
    const team = rng.pick(teams);
    const generic = rng.chance(0.5);
    const name = generic
      ? `${rng.pick(PRODUCT_WORDS)} ${rng.pick(SUFFIXES)} ${i + 1}`
      : `${team.name} ${rng.pick(SUFFIXES)}`;
    let key = '';
    for (let n = 0; !key || keys.has(key); n += 1)
      key = `${name
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 3)
        .toUpperCase()}${n || ''}${jiraCount > 500 ? i : ''}`;
    keys.add(key);
    const roll = rng.next();
    // 84% a member of the owning team; 6% none; 5% someone in no team; 5% a member who since moved to another team.
    const lead =
      roll < 0.84
        ? jiraPerson(rng.pick(team.members))
        : roll < 0.9
          ? undefined
          : roll < 0.95
            ? jiraPerson(rng.pick(outsiders))
            : jiraPerson(rng.pick(otherTeam(team).members));
    const project: JiraProjectFixture = { id: String(10000 + i), key, name };
    if (lead) project.lead = lead;
    if (rng.chance(0.35)) project.category = team.name;
    if (options.components !== false) {
      project.components = Array.from({ length: rng.int(0, 3) }, (_, c) => ({
        id: String(20000 + i * 10 + c),
        name: `${rng.pick(['Frontend', 'Backend', 'Infra', 'Docs', 'QA'])}`,
        ...(rng.chance(0.7) ? { lead: jiraPerson(rng.pick(team.members)) } : {}),
      }));
    }
    jira.push(project);
    // A Platform project with nothing but its category "Platform" names one of two teams: truly owned, but the
    // matcher is right to leave it.
    truth.set(`jira:${project.id}`, team.slug);
    for (let n = 1; n <= 3; n += 1) {
      items.push({
        ref: {
          tool: 'jira',
          kind: 'issue',
          id: `${key}-${n}`,
          project: key,
          workspace: 'acme.atlassian.net',
          key: `jira:acme.atlassian.net/${key}-${n}`,
          url: `https://acme.atlassian.net/browse/${key}-${n}`,
        },
        context: { jiraProject: name },
        owner: team.slug,
      });
    }
  }

  // Asana: one organization; teams spelled as people spell them there.
  const asanaTeams = new Map<string, { gid: string; name: string }>();
  let gid = 1_200_000_000_000;
  const nextGid = () => {
    gid += rng.int(1, 999);
    return String(gid);
  };
  for (const team of teams) {
    if (team.slug === 'platform-web') continue; // both Platforms share the one Asana team "Platform"
    const roll = rng.next();
    const name =
      roll < 0.6
        ? team.name
        : roll < 0.75
          ? `Team ${team.name}`
          : roll < 0.9
            ? `${team.name} Squad`
            : `${team.name} and Ops`;
    asanaTeams.set(team.slug, { gid: nextGid(), name });
  }
  asanaTeams.set('platform-web', asanaTeams.get('platform-infra') as { gid: string; name: string });
  const everyone = { gid: nextGid(), name: 'Everyone at Acme' };
  const workspace: AsanaWorkspaceFixture = {
    gid: nextGid(),
    name: 'Acme',
    teams: [...new Map([...asanaTeams.values(), everyone].map((t) => [t.gid, t])).values()],
    projects: [],
  };
  const asanaCount = options.asanaProjects ?? 80;
  for (let i = 0; i < asanaCount; i += 1) {
    const team = rng.pick(teams);
    const inEveryone = rng.chance(0.1);
    const project = {
      gid: nextGid(),
      name: rng.chance(0.5)
        ? `${team.name} ${rng.pick(['Q1 plan', 'launch', 'backlog', 'OKRs', 'hiring'])}`
        : `${rng.pick(PRODUCT_WORDS)} ${rng.pick(['launch', 'rollout', 'tracker', 'plan'])} ${i + 1}`,
      teamGid: inEveryone ? everyone.gid : (asanaTeams.get(team.slug) as { gid: string }).gid,
      ...(rng.chance(0.7) ? { owner: { gid: nextGid(), ...rng.pick(team.members) } } : {}),
    };
    workspace.projects.push(project);
    truth.set(`asana:${project.gid}`, team.slug);
    for (let n = 1; n <= 3; n += 1) {
      const task = nextGid();
      items.push({
        ref: {
          tool: 'asana',
          kind: 'task',
          id: task,
          key: `asana:${task}`,
          url: `https://app.asana.com/0/${project.gid}/${task}`,
        },
        context: { asanaProjects: [{ id: project.gid, name: project.name }] },
        owner: team.slug,
      });
    }
  }

  // Notion: team homes with pages and databases under them, a shared wiki whose pages belong to many teams, a
  // page reached through a block and a parent not shared with the integration.
  const notion: NotionFixture[] = [];
  const blocks: BlockFixture[] = [];
  const notionItems = (id: string, chain: string[], owner: string | null) => {
    const page = hex32(rng);
    items.push({
      ref: { tool: 'notion', kind: 'page', id: page, key: `notion:${page}`, url: `https://www.notion.so/${page}` },
      context: { notionParents: [...chain, id].map((parent) => ({ id: parent })) },
      owner,
    });
  };
  for (const team of teams.filter((t) => t.slug !== 'platform-web').slice(0, 14)) {
    const home = {
      id: hex32(rng),
      object: 'page' as const,
      title: rng.pick([`${team.name} Home`, `${team.name} Team`, team.name]),
      parent: { type: 'workspace' as const },
    };
    notion.push(home);
    truth.set(`notion:${home.id}`, team.slug);
    notionItems(home.id, [], team.slug);
    for (let c = 0; c < rng.int(2, 4); c += 1) {
      const child = {
        id: hex32(rng),
        object: 'page' as const,
        title: `${rng.pick(['Runbooks', 'Meeting notes', 'Onboarding', 'RFCs', 'Retros'])}`,
        parent: { type: 'page_id' as const, id: home.id },
      };
      notion.push(child);
      truth.set(`notion:${child.id}`, team.slug);
      notionItems(child.id, [home.id], team.slug);
    }
    if (rng.chance(0.5)) {
      const databaseId = hex32(rng);
      const source = {
        id: hex32(rng),
        databaseId,
        object: 'data_source' as const,
        title: `${team.name} tasks`,
        parent: { type: 'page_id' as const, id: home.id },
      };
      notion.push(source);
      truth.set(`notion:${databaseId}`, team.slug);
      notionItems(databaseId, [home.id], team.slug);
    }
  }
  const wiki = {
    id: hex32(rng),
    object: 'page' as const,
    title: 'Engineering Wiki',
    parent: { type: 'workspace' as const },
  };
  notion.push(wiki);
  truth.set(`notion:${wiki.id}`, null);
  for (let w = 0; w < 8; w += 1) {
    const team = rng.pick(teams);
    const page = {
      id: hex32(rng),
      object: 'page' as const,
      title: `How we run ${rng.pick(['deploys', 'on-call', 'incidents', 'reviews'])} ${w + 1}`,
      parent: { type: 'page_id' as const, id: wiki.id },
    };
    notion.push(page);
    truth.set(`notion:${page.id}`, team.slug);
    notionItems(page.id, [wiki.id], team.slug);
  }
  // A team area whose top page is not shared with the integration (found through GET /v1/pages), reached from a
  // page that sits in a block of it.
  const hiddenTeam = teams.find((t) => t.slug === 'risk') as FixtureTeam;
  const hidden = {
    id: hex32(rng),
    object: 'page' as const,
    title: `${hiddenTeam.name} Team`,
    parent: { type: 'workspace' as const },
    hidden: true,
  };
  notion.push(hidden);
  const block = { id: hex32(rng), parentPageId: hidden.id };
  blocks.push(block);
  const inBlock = {
    id: hex32(rng),
    object: 'page' as const,
    title: 'Limits and policies',
    parent: { type: 'block_id' as const, id: block.id },
  };
  notion.push(inBlock);
  truth.set(`notion:${inBlock.id}`, hiddenTeam.slug);
  notionItems(inBlock.id, [hidden.id], hiddenTeam.slug);

  // Mail is never covered by connectors: it stays as the rules had it.
  for (let g = 0; g < 60; g += 1) {
    const thread = `FMfcgz${hex32(rng).slice(0, 24)}`;
    items.push({
      ref: {
        tool: 'gmail',
        kind: 'thread',
        id: thread,
        key: `gmail:${thread}`,
        url: `https://mail.google.com/mail/u/0/#inbox/${thread}`,
      },
      context: { gmailLabels: ['Vendors'] },
      owner: null,
    });
  }

  const handRules: FixtureOrg['handRules'] = jira.slice(0, 5).map((project) => ({
    tool: 'jira',
    field: 'jiraProject',
    pattern: project.key,
    team: truth.get(`jira:${project.id}`) as string,
  }));
  return { teams, tools: { jira, asana: [workspace], notion, notionBlocks: blocks }, truth, items, handRules };
}
