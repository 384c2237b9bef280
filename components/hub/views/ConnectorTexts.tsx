import type {
  ImportProblem,
  ImportRun,
  ImportSubject,
  RuleSuggestion,
  SuggestionEvidence,
} from '../../../utils/contract.ts';
import { formatNumber, t, uiLocale } from '../../../utils/i18n.ts';
import { TOOL_NAMES } from '../../../utils/tools.ts';

/**
 * What the server sends about connectors as codes with values (a suggestion's evidence, an import's problems, what
 * changed since a rule was accepted), said in the reader's language. Text a server stored before these had codes
 * still shows, as the server wrote it and said to be so.
 */

const quoted = (text: string | undefined) => t('common.quoted', { text: text ?? '' });

/** A container's name; a Notion page without a title has none, and is called so in the reader's language. */
export const containerName = (container: { name: string }): string =>
  container.name.trim() || t('hub.connectors.untitled');

/** One piece of evidence as a clause ("its lead Ana Lima is a member"). */
export function evidenceText(piece: SuggestionEvidence): string {
  const value = piece.value ?? '';
  const count = piece.count ?? 0;
  switch (piece.code) {
    case 'atlassian_team':
      return t('hub.connectors.why.atlassian_team', { value: quoted(value) });
    case 'asana_team':
      return t('hub.connectors.why.asana_team', { value: quoted(value) });
    case 'jira_category':
      return t('hub.connectors.why.jira_category', { value: quoted(value) });
    case 'under':
      return t('hub.connectors.why.under', { value: quoted(value) });
    case 'named_for_team':
      return t('hub.connectors.why.named_for_team', { value: quoted(value) });
    case 'name_names_team':
      return t('hub.connectors.why.name_names_team', { value: quoted(value) });
    case 'name_has_team_words':
      return t('hub.connectors.why.name_has_team_words', { value: quoted(value) });
    case 'lead_member':
      return t('hub.connectors.why.lead_member', { value });
    case 'component_leads_members':
      return t('hub.connectors.why.component_leads_members', count, [formatNumber(count)]);
    case 'namesakes':
      return t('hub.connectors.why.namesakes', count, [formatNumber(count), quoted(value)]);
  }
}

/**
 * Why a team was suggested, as one sentence: the evidence joined as the reader's language lists (Intl.ListFormat),
 * a note on namesakes after it; a suggestion stored before evidence had codes says its English reason as such.
 */
export function suggestionWhy(suggestion: Pick<RuleSuggestion, 'why' | 'reason'>): string {
  if (suggestion.why.length === 0) {
    return suggestion.reason ? t('hub.connectors.why.legacy', { reason: suggestion.reason }) : '';
  }
  const evidence = suggestion.why.filter((piece) => piece.code !== 'namesakes').map(evidenceText);
  const notes = suggestion.why.filter((piece) => piece.code === 'namesakes').map(evidenceText);
  const listed = new Intl.ListFormat(uiLocale(), { type: 'conjunction' }).format(evidence);
  return notes.length ? t('hub.connectors.why.withNote', { why: listed, note: notes.join(' ') }) : listed;
}

/** What an import was reading ("The components of PAY"), the start of a problem's sentence. */
export function subjectText(subject: ImportSubject): string {
  const name = subject.name ?? '';
  const n = formatNumber(subject.n ?? 0);
  const what = (() => {
    switch (subject.code) {
      case 'project_list':
        return t('hub.connectors.subject.project_list');
      case 'projects_from':
        return t('hub.connectors.subject.projects_from', { n });
      case 'components':
        return t('hub.connectors.subject.components', { name });
      case 'workspaces':
        return t('hub.connectors.subject.workspaces');
      case 'teams':
        return t('hub.connectors.subject.teams', { name });
      case 'projects':
        return t('hub.connectors.subject.projects', { name });
      case 'search_page':
        return t('hub.connectors.subject.search_page', { n });
      case 'parent':
        return subject.kind === 'database'
          ? t('hub.connectors.subject.parentDatabase', { name })
          : subject.kind === 'block'
            ? t('hub.connectors.subject.parentBlock', { name })
            : t('hub.connectors.subject.parent', { name });
    }
  })();
  return subject.below ? t('hub.connectors.subject.above', { what, below: quoted(subject.below) }) : what;
}

/** One problem of an import as a sentence, in the reader's language. */
export function problemText(problem: ImportProblem): string {
  const tool = problem.tool ? TOOL_NAMES[problem.tool] : '';
  const status = problem.status ? String(problem.status) : '';
  const count = problem.count ?? 0;
  const said = (() => {
    switch (problem.code) {
      case 'auth':
        return t('hub.connectors.problem.auth', { tool });
      case 'rate_limited':
        return t('hub.connectors.problem.rate_limited', { tool });
      case 'unreachable':
        return t('hub.connectors.problem.unreachable', { tool });
      case 'garbage':
        return t('hub.connectors.problem.garbage', { tool });
      case 'http_error':
        return status
          ? t('hub.connectors.problem.http_error', { tool, status })
          : t('hub.connectors.problem.httpErrorWithoutStatus', { tool });
      case 'parent_unreadable':
        return t('hub.connectors.problem.parent_unreadable');
      case 'parents_limit':
        return t('hub.connectors.problem.parents_limit', count, [formatNumber(count)]);
      case 'failed':
        return t('hub.connectors.problem.failed');
    }
  })();
  return problem.subject ? t('hub.connectors.problem.line', { what: subjectText(problem.subject), said }) : said;
}

/** The tool's own words for a problem, with the status it answered: the problem's secondary detail (a tooltip). */
export const problemDetail = (problem: ImportProblem): string | undefined =>
  [problem.status ? String(problem.status) : null, problem.detail ?? null].filter(Boolean).join(' ') || undefined;

/** An import's problems, one a line, the tool's own words in each line's tooltip; a run stored before, as it was. */
export function RunProblems({ run }: { run: ImportRun }) {
  const tone = run.status === 'failed' ? 'text-red-600 dark:text-red-400' : 'text-amber-700 dark:text-amber-400';
  if (run.problems.length === 0) {
    return run.error ? (
      <span data-run-problems className={`text-xs ${tone}`}>
        {t('hub.connectors.problem.legacy', { text: run.error })}
      </span>
    ) : null;
  }
  return (
    <ul data-run-problems className={`flex flex-col text-xs ${tone}`}>
      {run.problems.map((problem, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a run's problems are a fixed list, never reordered
        <li key={index} data-problem={problem.code} title={problemDetail(problem)}>
          {problemText(problem)}
        </li>
      ))}
      {run.moreProblems ? (
        <li>{t('hub.connectors.problem.more', run.moreProblems, [formatNumber(run.moreProblems)])}</li>
      ) : null}
    </ul>
  );
}

/** What changed since a suggestion was accepted, in detail (a tooltip under the flag's sentence). */
export function flagDetail(flag: NonNullable<RuleSuggestion['flag']>): string | undefined {
  if (flag.kind === 'renamed' && flag.from && flag.to)
    return t('hub.connectors.flagDetail.renamed', { from: flag.from, to: flag.to });
  if (flag.kind === 'moved' && flag.under) return t('hub.connectors.flagDetail.moved', { value: quoted(flag.under) });
  return undefined;
}
