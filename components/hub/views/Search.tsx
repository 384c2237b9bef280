import { useMemo } from 'react';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { HubLink, Loading, PageHeader, Section, ToolBadge } from '../common.tsx';
import { useHubData } from '../data.tsx';

const LIMIT = 50;
const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Every word must appear; a plain scan is quick enough per submitted query, even over 100,000 rows. */
function matcher(query: string) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return (...texts: string[]) => {
    const haystack = fold(texts.join(' '));
    return words.length > 0 && words.every((word) => haystack.includes(word));
  };
}

export function SearchView({ query }: { query: string }) {
  const { teams, goals, decisions, items } = useHubData();
  const results = useMemo(() => {
    const matches = matcher(query);
    return {
      teams: (teams ?? []).filter((team) => matches(team.name, team.slug, team.description)).slice(0, LIMIT),
      goals: (goals ?? []).filter((goal) => matches(goal.title, goal.description)).slice(0, LIMIT),
      decisions: (decisions ?? []).filter((d) => matches(d.title, d.rationale, d.quote ?? '')).slice(0, LIMIT),
      items: (items ?? []).filter((item) => matches(item.title, item.ref.key)).slice(0, LIMIT),
    };
  }, [query, teams, goals, decisions, items]);
  if (!teams || !goals || !decisions || !items) return <Loading what="search results" />;
  const total = results.teams.length + results.goals.length + results.decisions.length + results.items.length;
  return (
    <div data-view="search" data-ready className="flex flex-col">
      <PageHeader title={`Search: ${query}`} subtitle={total === 0 ? undefined : `Up to ${LIMIT} results per kind.`} />
      <div className="flex flex-col gap-6 px-6 py-5">
        {total === 0 ? (
          <EmptyState title="Nothing matches">
            Try fewer words, or part of a word: every word you type must appear.
          </EmptyState>
        ) : null}
        {results.teams.length ? (
          <Section title="Teams" count={results.teams.length}>
            <ul>
              {results.teams.map((team) => (
                <li key={team.id}>
                  <HubLink to={{ view: 'team', id: team.id }}>{team.name}</HubLink>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        {results.goals.length ? (
          <Section title="Goals" count={results.goals.length}>
            <ul>
              {results.goals.map((goal) => (
                <li key={goal.id}>
                  <HubLink to={{ view: 'goal', id: goal.id }}>{goal.title}</HubLink>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        {results.decisions.length ? (
          <Section title="Decisions" count={results.decisions.length}>
            <ul>
              {results.decisions.map((decision) => (
                <li key={decision.id}>
                  <HubLink to={{ view: 'decision', id: decision.id }}>{decision.title}</HubLink>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        {results.items.length ? (
          <Section title="Work items" count={results.items.length}>
            <ul className="flex flex-col gap-1">
              {results.items.map((item) => (
                <li key={item.id} className="flex items-center gap-2">
                  <ToolBadge tool={item.ref.tool} />
                  <ExternalLink href={item.ref.url}>{item.title || item.ref.key}</ExternalLink>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
      </div>
    </div>
  );
}
