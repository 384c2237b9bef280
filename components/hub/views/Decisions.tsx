import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { type Decision, type DecisionStatus, type Tool, zDecisionStatus } from '../../../utils/contract.ts';
import { formatNumber, t } from '../../../utils/i18n.ts';
import { shortDate } from '../../../utils/time.ts';
import { TOOLS } from '../../../utils/tools.ts';
import { useArrivals } from '../../shared/use-arrivals.ts';
import { useLocalUser } from '../../shared/use-role.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { TextInput } from '../../ui/Field.tsx';
import { LazySelect } from '../../ui/LazySelect.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Select } from '../../ui/Select.tsx';
import { DecisionStatusBadge } from '../../ui/StatusBadge.tsx';
import { decisionStatusDisplay } from '../../ui/status.ts';
import { HubLink, TOOL_DISPLAY } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { useListKeys } from '../keyboard.ts';
import {
  type DecisionFilters,
  decisionMatcher,
  hasFilters,
  NO_FILTERS,
  newestFirst,
  searchTextOf,
} from '../logic/decision-filter.ts';
import { navigate } from '../routing.ts';
import { VirtualList } from '../VirtualList.tsx';

/** Folded text per decision object, kept across renders: rows are immutable, a changed row is a new object. */
const searchTexts = new WeakMap<Decision, string>();
const cachedSearchText = (decision: Decision) => {
  let text = searchTexts.get(decision);
  if (text === undefined) {
    text = searchTextOf(decision);
    searchTexts.set(decision, text);
  }
  return text;
};

/** The log's order, sorted once per mirror state rather than on every visit and every keystroke. */
const sortedLogs = new WeakMap<readonly Decision[], Decision[]>();
function sortedLog(decisions: readonly Decision[]): Decision[] {
  let sorted = sortedLogs.get(decisions);
  if (!sorted) {
    sorted = newestFirst(decisions);
    sortedLogs.set(decisions, sorted);
  }
  return sorted;
}

/** A log row is its decision: the list and its keyboard selection follow it by id. */
const decisionKey = (decision: Decision) => decision.id;

export function DecisionsView({ initialQuery }: { initialQuery: string }) {
  const { decisions, teams, goals, teamsById } = useHubData();
  const [filters, setFilters] = useState<DecisionFilters>({ ...NO_FILTERS, text: initialQuery });
  // Typing stays responsive over 100,000 decisions: the list catches up with the latest keystroke.
  const deferred = useDeferredValue(filters);
  const rows = useMemo(() => {
    const sorted = sortedLog(decisions ?? []);
    return hasFilters(deferred) ? sorted.filter(decisionMatcher(deferred, cachedSearchText)) : sorted;
  }, [decisions, deferred]);
  const open = useCallback(
    (index: number) => {
      const row = rows[index];
      if (row) navigate({ view: 'decision', id: row.id });
    },
    [rows],
  );
  const [selected] = useListKeys(rows, decisionKey, open);
  // A decision a colleague just logged is marked for a moment (it arrives through the live stream's pull).
  const authors = useMemo(
    () => decisions?.map((decision) => ({ id: decision.id, by: decision.decidedBy })),
    [decisions],
  );
  const arrived = useArrivals(authors, useLocalUser()?.name, 'decisions');
  const goalChoices = useMemo(() => (goals ?? []).map((goal) => ({ value: goal.id, label: goal.title })), [goals]);
  const set = <K extends keyof DecisionFilters>(key: K, value: DecisionFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const filtered = hasFilters(filters);

  if (!decisions) return <Loading what={t('hub.decisions.loading')} />;
  return (
    <div data-view="decisions" data-ready className="flex min-h-0 flex-1 flex-col">
      <PageHeader
        title={t('hub.home.log')}
        subtitle={
          filtered
            ? t('hub.decisions.match', { matched: formatNumber(rows.length), total: formatNumber(decisions.length) })
            : t('hub.decisions.subtitle', decisions.length, [formatNumber(decisions.length)])
        }
      />
      <fieldset className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-6 py-2 dark:border-zinc-800">
        <legend className="sr-only">{t('hub.decisions.filters')}</legend>
        <TextInput
          data-hub-search="decisions"
          type="search"
          aria-label={t('hub.decisions.search')}
          placeholder={t('hub.decisions.searchPlaceholder')}
          value={filters.text}
          onChange={(e) => set('text', e.target.value)}
          className="w-64"
        />
        <Select
          aria-label={t('common.team')}
          value={filters.teamId ?? ''}
          onChange={(e) => set('teamId', e.target.value || null)}
        >
          <option value="">{t('hub.teams.all')}</option>
          {(teams ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
        <LazySelect
          aria-label={t('common.goal')}
          className="max-w-48"
          emptyLabel={t('hub.decisions.allGoals')}
          value={filters.goalId ?? ''}
          onChange={(value) => set('goalId', value || null)}
          choices={goalChoices}
        />
        <Select
          aria-label={t('hub.goals.status')}
          value={filters.status ?? ''}
          onChange={(e) => set('status', (e.target.value || null) as DecisionStatus | null)}
        >
          <option value="">{t('hub.decisions.anyStatus')}</option>
          {zDecisionStatus.options.map((status) => (
            <option key={status} value={status}>
              {decisionStatusDisplay[status].label}
            </option>
          ))}
        </Select>
        <Select
          aria-label={t('hub.rules.tool')}
          value={filters.tool ?? ''}
          onChange={(e) => set('tool', (e.target.value || null) as Tool | null)}
        >
          <option value="">{t('hub.decisions.anyTool')}</option>
          {TOOLS.map((tool) => (
            <option key={tool} value={tool}>
              {TOOL_DISPLAY[tool].label}
            </option>
          ))}
        </Select>
        <span className="flex items-center gap-1 text-xs text-zinc-500">
          {t('hub.decisions.from')}
          <TextInput
            type="date"
            aria-label={t('hub.decisions.fromDate')}
            value={filters.from ?? ''}
            onChange={(e) => set('from', e.target.value || null)}
            className="w-36"
          />
        </span>
        <span className="flex items-center gap-1 text-xs text-zinc-500">
          {t('hub.decisions.to')}
          <TextInput
            type="date"
            aria-label={t('hub.decisions.toDate')}
            value={filters.to ?? ''}
            onChange={(e) => set('to', e.target.value || null)}
            className="w-36"
          />
        </span>
        {filtered ? (
          <button
            type="button"
            className="text-xs text-brand-600 hover:underline"
            onClick={() => setFilters(NO_FILTERS)}
          >
            {t('hub.decisions.clear')}
          </button>
        ) : null}
      </fieldset>
      {rows.length === 0 ? (
        <div className="p-6">
          <EmptyState title={decisions.length === 0 ? t('hub.decisions.none') : t('hub.decisions.noMatch')}>
            {decisions.length === 0 ? t('hub.decisions.noneHint') : t('hub.decisions.noMatchHint')}
          </EmptyState>
        </div>
      ) : (
        <VirtualList<Decision>
          label={t('hub.nav.decisions')}
          rows={rows}
          rowHeight={40}
          rowKey={decisionKey}
          selectedIndex={selected}
          renderRow={(decision, _index, isSelected) => (
            <div
              data-new={arrived.has(decision.id) ? 'true' : undefined}
              className={`grid h-full grid-cols-[100px_1fr_140px_110px] items-center gap-3 border-b border-zinc-100 px-6 transition-colors duration-700 dark:border-zinc-900 ${isSelected || arrived.has(decision.id) ? 'bg-brand-50 dark:bg-brand-500/10' : ''}`}
            >
              <span className="text-xs text-zinc-500 tabular-nums">{shortDate(decision.decidedAt)}</span>
              <HubLink to={{ view: 'decision', id: decision.id }} className="truncate">
                {decision.title}
              </HubLink>
              <span className="truncate text-xs text-zinc-500">
                {decision.teamId ? (teamsById.get(decision.teamId)?.name ?? '') : ''}
              </span>
              <span>
                <DecisionStatusBadge status={decision.status} />
              </span>
            </div>
          )}
        />
      )}
    </div>
  );
}
