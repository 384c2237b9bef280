/**
 * Rule suggestions: each container a rule can name (a Jira project, an Asana project, a Notion page or database)
 * matched to one existing team, from what the tool says (team hints, names, leads who are the team's members), with
 * a score and its evidence as codes with values (the hub says them in the reader's language). Pure: the import job
 * and the benchmark call the same function.
 *
 * Each piece of evidence has a weight (how often it alone names the right team); pieces combine as a noisy-or.
 */
import {
  type ContainerKind,
  type OwnerHints,
  type RuleField,
  ruleFieldForContainer,
  type SuggestionEvidence,
  type Team,
  type Tool,
} from '../../utils/contract.ts';

export interface SuggestibleContainer {
  id: string;
  tool: Exclude<Tool, 'gmail'>;
  kind: ContainerKind;
  externalId: string;
  key: string | null;
  name: string;
  /** The container it sits in, when that is a suggestible container too (Notion's parent page). */
  parentId: string | null;
  /** The tool's id of the container it sits in (what a Notion ancestor rule names). */
  parentExternalId: string | null;
  hints: OwnerHints;
}

export type SuggestTeam = Pick<Team, 'id' | 'name' | 'slug' | 'members'>;

export interface Suggestion {
  containerId: string;
  teamId: string;
  score: number;
  /** The strongest two pieces of evidence, and a note when teams share the winner's name. */
  why: SuggestionEvidence[];
  field: RuleField;
  pattern: string;
}

/** Below this, a match is too weak to put in front of an admin. */
export const PROPOSE_AT = 0.5;

/** Words that say "team" rather than which team. */
const FILLER = new Set([
  'team',
  'teams',
  'squad',
  'the',
  'of',
  'and',
  'group',
  'crew',
  'home',
  'hq',
  'space',
  'wiki',
  'dept',
  'department',
  'tribe',
  'project',
  'projects',
]);

export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word && !FILLER.has(word));
}
const same = (a: readonly string[], b: readonly string[]) =>
  a.length > 0 && a.length === b.length && a.every((word, i) => word === b[i]);
const within = (needle: readonly string[], hay: readonly string[]) =>
  needle.length > 0 && needle.every((word) => hay.includes(word));
/** The needle's words, in order and side by side, somewhere in the hay: "Developer Experience Roadmap". */
const phrase = (needle: readonly string[], hay: readonly string[]) =>
  needle.length > 0 &&
  hay.some((_, start) => start + needle.length <= hay.length && needle.every((word, i) => hay[start + i] === word));

/** What a rule names: the Jira key items carry in their URL, Asana's gid, Notion's 32-hex id. */
export const patternOf = (container: Pick<SuggestibleContainer, 'tool' | 'key' | 'externalId'>) =>
  container.tool === 'jira' ? (container.key ?? container.externalId) : container.externalId;

export const isSuggestible = (container: Pick<SuggestibleContainer, 'tool' | 'kind'>) =>
  ruleFieldForContainer(container.tool, container.kind) !== null;

interface Evidence {
  weight: number;
  says: SuggestionEvidence;
}

/** Team hints a tool gives, strongest first, with how to say them. */
function teamHints(container: SuggestibleContainer): { text: string; label: SuggestionEvidence; weight: number }[] {
  const hints: { text: string; label: SuggestionEvidence; weight: number }[] = [];
  const { asanaTeam, atlassianTeam, category, ancestry } = container.hints;
  if (atlassianTeam)
    hints.push({ text: atlassianTeam, label: { code: 'atlassian_team', value: atlassianTeam }, weight: 0.75 });
  if (asanaTeam?.name)
    hints.push({ text: asanaTeam.name, label: { code: 'asana_team', value: asanaTeam.name }, weight: 0.75 });
  if (category) hints.push({ text: category, label: { code: 'jira_category', value: category }, weight: 0.6 });
  const top = ancestry?.[0];
  if (top) hints.push({ text: top, label: { code: 'under', value: top }, weight: 0.65 });
  for (const title of (ancestry ?? []).slice(1))
    hints.push({ text: title, label: { code: 'under', value: title }, weight: 0.45 });
  return hints;
}

/**
 * How many teams have a member of this name: a lead known only by display name (Jira Cloud hides most emails) is
 * strong evidence when the name is one team's, weak when several teams have such a member.
 */
export type NameIndex = ReadonlyMap<string, number>;
export function memberNameIndex(teams: readonly SuggestTeam[]): NameIndex {
  const index = new Map<string, number>();
  for (const team of teams) {
    for (const name of new Set(team.members.map((member) => member.name.trim().toLowerCase()))) {
      index.set(name, (index.get(name) ?? 0) + 1);
    }
  }
  return index;
}

/** A team's words and members, worked out once per refresh (not once per container). */
interface PreparedTeam {
  team: SuggestTeam;
  words: string[];
  slugWords: string[];
  emails: Set<string>;
  names: Set<string>;
  /** Teams (this one included) of this team's name: evidence from a name they share points at each of them less. */
  namesakes: number;
}
const prepareTeam = (team: SuggestTeam, namesakes: number): PreparedTeam => ({
  team,
  namesakes,
  words: tokens(team.name),
  slugWords: tokens(team.slug.replaceAll('-', ' ')),
  emails: new Set(team.members.flatMap((member) => (member.email ? [member.email.toLowerCase()] : []))),
  names: new Set(team.members.map((member) => member.name.trim().toLowerCase())),
});

/** A container's hints and name as words, worked out once per container (not once per team). */
interface PreparedContainer {
  container: SuggestibleContainer;
  hints: { words: string[]; label: SuggestionEvidence; weight: number }[];
  nameWords: string[];
}
const prepareContainer = (container: SuggestibleContainer): PreparedContainer => ({
  container,
  hints: teamHints(container).map((hint) => ({ ...hint, words: tokens(hint.text) })),
  nameWords: tokens(container.name),
});

function evidenceFor(prepared: PreparedContainer, candidate: PreparedTeam, names: NameIndex): Evidence[] {
  const { container, nameWords } = prepared;
  const { words: teamWords, slugWords } = candidate;
  const found: Evidence[] = [];
  for (const hint of prepared.hints) {
    const words = hint.words;
    if (same(words, teamWords) || same(words, slugWords)) found.push({ weight: hint.weight, says: hint.label });
    else if (within(teamWords, words)) found.push({ weight: hint.weight - 0.2, says: hint.label });
  }
  // The container's own name, when it has a name two teams share ("Beacon Platform"), says "one of them": each gets
  // its share, so it does not stand against a lead who is one team's member. A hint keeps its whole weight: a page
  // under the Platform home is none of the other teams', whichever Platform it is. The slug is the team's own.
  const shared = (weight: number, bySlug: boolean) =>
    bySlug || candidate.namesakes < 2 ? weight : weight / candidate.namesakes;
  if (same(nameWords, teamWords) || same(nameWords, slugWords)) {
    // "Payments", "Payments Team", "Team Payments": named for the team, nothing else (Notion's team homes).
    const weight = shared(0.6, !same(nameWords, teamWords));
    found.push({ weight, says: { code: 'named_for_team', value: container.name } });
  } else if (phrase(teamWords, nameWords) || phrase(slugWords, nameWords)) {
    // "Payments API", "Q3 Developer Experience survey": the team's whole name as a qualifier is how people name
    // what a team runs; enough to propose (at the threshold) when nothing speaks against it.
    const weight = shared(PROPOSE_AT, !phrase(teamWords, nameWords));
    found.push({ weight, says: { code: 'name_names_team', value: container.name } });
  } else if (within(teamWords, nameWords) || within(slugWords, nameWords)) {
    const weight = shared(0.35, !within(teamWords, nameWords));
    found.push({ weight, says: { code: 'name_has_team_words', value: container.name } });
  }
  const isMember = (person: { name?: string | undefined; email?: string | undefined } | undefined) => {
    if (!person) return null;
    const email = person.email?.toLowerCase();
    if (email && candidate.emails.has(email)) return 'email';
    const name = person.name?.trim().toLowerCase();
    if (name && candidate.names.has(name)) return 'name';
    return null;
  };
  const lead = container.hints.lead;
  const leadMatch = isMember(lead);
  if (leadMatch) {
    const teamsWithName = names.get(lead?.name?.trim().toLowerCase() ?? '') ?? 0;
    found.push({
      weight: leadMatch === 'email' ? 0.6 : teamsWithName === 1 ? 0.55 : 0.3,
      says: { code: 'lead_member', value: lead?.name ?? lead?.email ?? '' },
    });
  }
  const componentLeads = (container.hints.componentLeads ?? []).filter((person) => isMember(person));
  if (componentLeads.length) {
    found.push({
      weight: Math.min(0.4, 0.25 * componentLeads.length),
      says: { code: 'component_leads_members', count: componentLeads.length },
    });
  }
  return found;
}

/** Independent pieces of evidence combine as a noisy-or: each closes part of the remaining doubt. */
const combine = (evidence: readonly Evidence[]) => 1 - evidence.reduce((doubt, piece) => doubt * (1 - piece.weight), 1);

/**
 * The best team for each container, where the evidence clears PROPOSE_AT. A near tie between two teams (two teams
 * of the same name, with nothing else to tell them apart) is not a suggestion: it would be a coin toss.
 */
export function suggestRules(containers: readonly SuggestibleContainer[], teams: readonly SuggestTeam[]): Suggestion[] {
  const byName = new Map<string, SuggestTeam[]>();
  for (const team of teams) {
    const key = tokens(team.name).join(' ');
    byName.set(key, [...(byName.get(key) ?? []), team]);
  }
  const names = memberNameIndex(teams);
  const prepared = teams.map((team) => prepareTeam(team, byName.get(tokens(team.name).join(' '))?.length ?? 1));
  const best = new Map<
    string,
    { team: SuggestTeam; score: number; evidence: Evidence[]; note: SuggestionEvidence | null }
  >();
  for (const container of containers) {
    if (!isSuggestible(container)) continue;
    const words = prepareContainer(container);
    const ranked = prepared
      .map((candidate) => {
        const evidence = evidenceFor(words, candidate, names).sort((a, b) => b.weight - a.weight);
        return { team: candidate.team, evidence, score: combine(evidence) };
      })
      .filter((candidate) => candidate.evidence.length > 0)
      .sort((a, b) => b.score - a.score || a.team.id.localeCompare(b.team.id));
    const [first, second] = ranked;
    if (!first || first.score < PROPOSE_AT) continue;
    // The runner-up must leave clearly more doubt (half as much again): equal evidence for two teams is a tie.
    // Compared with a little slack: exactly half as much again must not turn into a tie by rounding (0.45 vs 0.3).
    if (second && 1 - second.score < 1.5 * (1 - first.score) - 1e-9) continue;
    const namesakes = byName.get(tokens(first.team.name).join(' ')) ?? [];
    const note: SuggestionEvidence | null =
      namesakes.length > 1 ? { code: 'namesakes', value: first.team.name, count: namesakes.length } : null;
    best.set(container.id, { team: first.team, score: first.score, evidence: first.evidence, note });
  }
  const suggestions: Suggestion[] = [];
  for (const container of containers) {
    const match = best.get(container.id);
    if (!match) continue;
    // A Notion page under a page already suggested for the same team is covered by that page's rule (rules match
    // any ancestor): one rule, not one per page.
    if (container.parentId && best.get(container.parentId)?.team.id === match.team.id) continue;
    const says = match.evidence.slice(0, 2).map((piece) => piece.says);
    suggestions.push({
      containerId: container.id,
      teamId: match.team.id,
      score: Math.round(match.score * 100) / 100,
      why: match.note ? [...says, match.note] : says,
      field: ruleFieldForContainer(container.tool, container.kind) as RuleField,
      pattern: patternOf(container),
    });
  }
  return suggestions;
}
