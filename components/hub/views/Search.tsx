import { detectItem } from '../../../utils/detect/index.ts';
import { t } from '../../../utils/i18n.ts';
import type { SearchKind } from '../../../utils/search/records.ts';
import type { SearchHit } from '../../../utils/search/search-index.ts';
import { TOOL_NAMES } from '../../../utils/tools.ts';
import { useSearch } from '../../shared/use-search.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ExternalLink } from '../../ui/ExternalLink.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { HubLink, ToolBadge } from '../common.tsx';

const LIMIT = 60;
const SECTIONS: readonly { kind: SearchKind; title: string }[] = [
  { kind: 'team', title: t('hub.nav.teams') },
  { kind: 'goal', title: t('hub.nav.goals') },
  { kind: 'person', title: t('hub.nav.people') },
  { kind: 'decision', title: t('hub.nav.decisions') },
  { kind: 'item', title: t('hub.workItems') },
];

/** The hub's search: the omnibox's engine and ranking, so both answer the same, grouped by kind. */
export function SearchView({ query }: { query: string }) {
  const search = useSearch(query, { limit: LIMIT });
  const pasted = detectItem(query.trim());
  if (search.status === 'searching' && search.hits.length === 0) return <Loading what={t('hub.search.results')} />;
  const byKind = (kind: SearchKind) => search.hits.filter((hit) => hit.record.kind === kind);
  return (
    <div data-view="search" data-ready={search.status === 'done' || search.status === 'failed' ? '' : undefined}>
      <PageHeader title={t('hub.search.title', { query })} subtitle={t('hub.search.subtitle')} />
      <div className="flex flex-col gap-6 px-6 py-5">
        {search.status === 'failed' ? (
          <EmptyState title={t('hub.search.unavailable')}>{search.message}</EmptyState>
        ) : search.status === 'done' && search.hits.length === 0 ? (
          pasted ? (
            <EmptyState title={t('hub.search.notInHallway', { tool: TOOL_NAMES[pasted.tool] })}>
              {t('hub.search.notLinked')} <ExternalLink href={pasted.url}>{pasted.id}</ExternalLink>
            </EmptyState>
          ) : (
            <EmptyState title={t('hub.search.nothing')}>{t('hub.search.nothingHint')}</EmptyState>
          )
        ) : null}
        {SECTIONS.map(({ kind, title }) => {
          const hits = byKind(kind);
          return hits.length > 0 ? (
            <Section key={kind} title={title} count={hits.length}>
              <ul className="flex flex-col gap-1">
                {hits.map((hit) => (
                  <SearchResult key={`${kind}:${hit.record.id}`} hit={hit} />
                ))}
              </ul>
            </Section>
          ) : null;
        })}
      </div>
    </div>
  );
}

function SearchResult({ hit }: { hit: SearchHit }) {
  const { record } = hit;
  switch (record.kind) {
    case 'item':
      return (
        <li className="flex items-center gap-2">
          <ToolBadge tool={record.tool} />
          <ExternalLink href={record.url}>{record.title}</ExternalLink>
          {record.aka && record.aka !== record.title ? (
            <span className="text-xs text-zinc-500">{record.aka}</span>
          ) : null}
        </li>
      );
    case 'person':
      return (
        <li className="flex items-baseline gap-2">
          <span>{record.title}</span>
          {record.aka ? <span className="text-xs text-zinc-500">{record.aka}</span> : null}
          <span className="text-xs text-zinc-500">
            {t('hub.search.inTeam')} <HubLink to={{ view: 'team', id: record.teamId }}>{record.teamName}</HubLink>
          </span>
        </li>
      );
    default:
      return (
        <li>
          <HubLink to={{ view: record.kind, id: record.id }}>{record.title}</HubLink>
        </li>
      );
  }
}
