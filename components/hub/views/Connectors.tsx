import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import {
  type Connector,
  type ConnectorKind,
  type ContainerRecord,
  type ImportRun,
  may,
  type RuleSuggestion,
  type Tool,
} from '../../../utils/contract.ts';
import { formatNumber, sayError, t } from '../../../utils/i18n.ts';
import { sendMessage } from '../../../utils/messaging/client.ts';
import { containerCoverage, itemCoverage, rulesOfSuggestions } from '../../../utils/resolve/coverage.ts';
import { dateTime } from '../../../utils/time.ts';
import { TOOL_NAMES } from '../../../utils/tools.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Field, TextInput } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ReadOnlyNote } from '../../ui/ReadOnlyNote.tsx';
import { Section } from '../../ui/Section.tsx';
import { Select } from '../../ui/Select.tsx';
import { useHubData } from '../data.tsx';
import { containerName, flagDetail, RunProblems, suggestionWhy } from './ConnectorTexts.tsx';

/**
 * Each kind of connector: its name (a connector's default name) and, in the form, what it signs in with, said when
 * the form is drawn.
 */
const KINDS: { kind: ConnectorKind; name: string; label: () => string }[] = [
  { kind: 'jira_cloud', name: 'Jira Cloud', label: () => t('hub.connectors.kind.jiraCloud') },
  { kind: 'jira_server', name: 'Jira Server / Data Center', label: () => t('hub.connectors.kind.jiraServer') },
  { kind: 'asana', name: 'Asana', label: () => t('hub.connectors.kind.asana') },
  { kind: 'notion', name: 'Notion', label: () => t('hub.connectors.kind.notion') },
];
const percent = (share: number) => formatNumber(share, { style: 'percent', maximumFractionDigits: 1 });

/** How an import stands: queued, running, or how the last one ended (said when shown, in the reader's language). */
const RUN_STATUS: Record<ImportRun['status'], () => string> = {
  queued: () => t('hub.connectors.run.queued'),
  running: () => t('hub.connectors.run.running'),
  succeeded: () => t('hub.connectors.run.succeeded'),
  partial: () => t('hub.connectors.run.partial'),
  failed: () => t('hub.connectors.run.failed'),
};

/** A container's kind in words, with its tool's name ("Jira project"). */
const containerKind = (container: { tool: Tool; kind: ContainerRecord['kind'] }) =>
  t(`hub.connectors.container.${container.kind}`, { tool: TOOL_NAMES[container.tool] });

/** What changed in the tool since a suggestion was accepted. */
const FLAGS: Record<NonNullable<RuleSuggestion['flag']>['kind'], () => string> = {
  removed: () => t('hub.connectors.flag.removed'),
  renamed: () => t('hub.connectors.flag.renamed'),
  moved: () => t('hub.connectors.flag.moved'),
};

/** One import: how it stands, what it read so far, and when it ended. */
function runLine(run: ImportRun): string {
  const read = [
    t('hub.connectors.run.pages', run.pages, [formatNumber(run.pages)]),
    t('hub.connectors.run.containers', run.containers, [formatNumber(run.containers)]),
    ...(run.removed ? [t('hub.connectors.run.removed', run.removed, [formatNumber(run.removed)])] : []),
  ].join(', ');
  const line = t('hub.connectors.run.line', { status: RUN_STATUS[run.status](), read });
  return run.finishedAt ? `${line} · ${dateTime(run.finishedAt)}` : line;
}

/** Admins: connect tools, import their structure, and turn what they say into ownership rules. */
export function ConnectorsView() {
  const { role } = useHubData();
  if (!may(role, 'connector.manage')) {
    return (
      <div data-view="connectors" data-ready className="flex flex-col">
        <PageHeader title={t('hub.nav.connectors')} subtitle={t('hub.connectors.subtitle')} />
        <div className="px-6 py-5">
          <ReadOnlyNote>{t('hub.connectors.adminsOnly')}</ReadOnlyNote>
        </div>
      </div>
    );
  }
  return <AdminConnectors />;
}

function AdminConnectors() {
  const [connectors, setConnectors] = useState<Connector[] | null>(null);
  const [suggestions, setSuggestions] = useState<RuleSuggestion[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const [list, proposed] = await Promise.all([
      sendMessage('connectors.list', {}),
      sendMessage('suggestions.list', {}),
    ]);
    if (list.ok) setConnectors(list.value);
    if (proposed.ok) setSuggestions(proposed.value);
    setError(!list.ok ? list.error.message : !proposed.ok ? proposed.error.message : null);
  }, []);
  // The server leaves out proposals a rule covers now: read them again whenever the rules change (written here, in
  // the rules view, or by anyone, through the sync feed), so a covered container's proposal goes and comes back.
  const { rules } = useHubData();
  const rulesSeen = rules?.map((rule) => `${rule.id}:${rule.version}`).join(' ') ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: rulesSeen is what changed, refresh reads the server
  useEffect(() => void refresh(), [refresh, rulesSeen]);
  // While an import is queued or running, its progress is read again every two seconds.
  const busy = connectors?.some((c) => c.lastRun && !c.lastRun.finishedAt);
  // Changes when an import ends: the containers (and the coverage over them) are read again then.
  const imported = connectors?.map((c) => `${c.id}:${c.lastRun?.finishedAt ?? ''}`).join(' ') ?? '';
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [busy, refresh]);

  return (
    <div data-view="connectors" data-ready={connectors !== null ? '' : undefined} className="flex flex-col">
      <PageHeader title={t('hub.nav.connectors')} subtitle={t('hub.connectors.subtitle')} />
      <div className="flex max-w-5xl flex-col gap-8 px-6 py-5">
        <ErrorText>{error}</ErrorText>
        <Section title={t('hub.connectors.connected')} count={connectors?.length}>
          {connectors === null ? (
            <Loading what={t('hub.connectors.theConnected')} />
          ) : (
            <ConnectorList connectors={connectors} onChange={refresh} />
          )}
          <ConnectForm onConnected={refresh} />
        </Section>
        {suggestions ? <Suggestions suggestions={suggestions} imported={imported} onDecided={refresh} /> : null}
        <Containers imported={imported} />
      </div>
    </div>
  );
}

export function ConnectorList({ connectors, onChange }: { connectors: Connector[]; onChange: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const start = async (id: string) => {
    const answer = await sendMessage('connectors.import', { connectorId: id });
    setError(answer.ok ? null : answer.error.message);
    await onChange();
  };
  if (connectors.length === 0) return <p className="text-[13px] text-zinc-500">{t('hub.connectors.noneConnected')}</p>;
  return (
    <div className="flex flex-col gap-2">
      <ul className="flex flex-col divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {connectors.map((connector) => {
          const run = connector.lastRun;
          const running = run && !run.finishedAt;
          return (
            <li
              key={connector.id}
              data-connector={connector.id}
              data-run-status={run?.status ?? 'never'}
              className="flex items-start justify-between gap-4 px-3 py-2 text-[13px]"
            >
              <div className="flex flex-col gap-0.5">
                <span className="font-medium">
                  {connector.name}{' '}
                  <span className="font-normal text-zinc-500">
                    {KINDS.find((k) => k.kind === connector.kind)?.name}
                    {connector.account ? ` · ${connector.account}` : ''}
                  </span>
                </span>
                <span className="text-xs text-zinc-500">{run ? runLine(run) : t('hub.connectors.run.never')}</span>
                {run ? <RunProblems run={run} /> : null}
              </div>
              <Button
                variant="secondary"
                size="sm"
                disabled={Boolean(running)}
                onClick={() => void start(connector.id)}
              >
                {running ? t('hub.connectors.importing') : t('hub.connectors.importNow')}
              </Button>
            </li>
          );
        })}
      </ul>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}

function ConnectForm({ onConnected }: { onConnected: () => Promise<void> }) {
  const [kind, setKind] = useState<ConnectorKind>('jira_cloud');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [email, setEmail] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const jira = kind === 'jira_cloud' || kind === 'jira_server';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const common = { name: name.trim() || KINDS.find((k) => k.kind === kind)?.name || kind };
    const url = baseUrl.trim() || undefined;
    const input =
      kind === 'jira_cloud'
        ? { kind, ...common, baseUrl: url ?? '', email: email.trim(), apiToken: token }
        : kind === 'jira_server'
          ? { kind, ...common, baseUrl: url ?? '', token }
          : { kind, ...common, ...(url ? { baseUrl: url } : {}), token };
    const answer = await sendMessage('connectors.create', input);
    setSaving(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    setError(null);
    setToken('');
    await onConnected();
  };
  return (
    <form
      onSubmit={submit}
      aria-label={t('hub.connectors.connectForm')}
      className="mt-2 flex flex-wrap items-end gap-3 rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700"
    >
      <Field label={t('hub.connectors.tool')}>
        {(field) => (
          <Select {...field} value={kind} onChange={(event) => setKind(event.target.value as ConnectorKind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label()}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={t('field.name')}>
        {(field) => <TextInput {...field} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={jira ? t('hub.connectors.siteUrl') : t('hub.connectors.apiUrl')}>
        {(field) => (
          <TextInput
            {...field}
            value={baseUrl}
            placeholder={jira ? 'https://acme.atlassian.net' : ''}
            onChange={(e) => setBaseUrl(e.target.value)}
          />
        )}
      </Field>
      {kind === 'jira_cloud' ? (
        <Field label={t('hub.connectors.email')}>
          {(field) => <TextInput {...field} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
      ) : null}
      <Field
        label={kind === 'jira_cloud' ? t('hub.connectors.apiToken') : t('hub.connectors.token')}
        hint={t('hub.connectors.tokenHint')}
      >
        {(field) => (
          <TextInput
            {...field}
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" disabled={saving || !token}>
        {saving ? t('hub.connectors.connecting') : t('hub.connectors.connect')}
      </Button>
      <ErrorText>{error}</ErrorText>
    </form>
  );
}

function Suggestions({
  suggestions,
  imported,
  onDecided,
}: {
  suggestions: RuleSuggestion[];
  /** Which imports have ended (see AdminConnectors). */
  imported: string;
  onDecided: () => Promise<void>;
}) {
  const { teams, teamsById, items, links, rules } = useHubData();
  const proposed = suggestions.filter((s) => s.status === 'proposed');
  const flagged = suggestions.filter((s) => s.flag);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [teamFor, setTeamFor] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [containers, setContainers] = useState<ContainerRecord[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `imported` is the reason to read them again.
  useEffect(() => {
    // Every container, for the coverage figure (a few requests of 200; a workspace has thousands at most).
    let cancelled = false;
    void (async () => {
      const all: ContainerRecord[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page += 1) {
        const answer = await sendMessage('containers.list', { limit: 200, ...(cursor ? { cursor } : {}) });
        if (!answer.ok) break;
        all.push(...answer.value.data);
        if (!answer.value.nextCursor) break;
        cursor = answer.value.nextCursor;
      }
      if (!cancelled) setContainers(all);
    })();
    return () => {
      cancelled = true;
    };
  }, [imported]);
  const coverage = useMemo(() => {
    if (!containers || !rules || !items || !links || !teams) return null;
    const after = [...rules, ...rulesOfSuggestions(proposed, new Date().toISOString())];
    const teamIds = new Set(teams.map((t) => t.id));
    return {
      containersBefore: containerCoverage(containers, rules),
      containersAfter: containerCoverage(containers, after),
      itemsBefore: itemCoverage(items, links, rules, teamIds),
      itemsAfter: itemCoverage(items, links, after, teamIds),
    };
  }, [containers, rules, items, links, teams, proposed]);

  const decide = async (action: 'accept' | 'reject') => {
    const ids = proposed.filter((s) => selected.has(s.id)).map((s) => s.id);
    if (ids.length === 0) return;
    const answer = await sendMessage('suggestions.decide', {
      decisions: ids.map((id) =>
        action === 'accept' && teamFor[id] ? { id, action, teamId: teamFor[id] } : { id, action },
      ),
    });
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    const failed = answer.value.filter((r) => r.status === 'failed');
    const first = failed[0];
    const why = first ? sayError({ code: first.code ?? '', message: first.error ?? '', params: first.params }) : '';
    setError(failed.length ? t('hub.connectors.notDecided', failed.length, [formatNumber(failed.length), why]) : null);
    setSelected(new Set());
    await onDecided();
  };
  const toggleAll = () =>
    setSelected(selected.size === proposed.length ? new Set() : new Set(proposed.map((s) => s.id)));

  return (
    <Section title={t('hub.connectors.suggested')} count={proposed.length}>
      {coverage ? (
        <p data-coverage className="text-[13px] text-zinc-700 dark:text-zinc-300">
          {t('hub.connectors.coverage', {
            containersNow: percent(coverage.containersBefore.share),
            containersAfter: percent(coverage.containersAfter.share),
            covered: formatNumber(coverage.containersAfter.covered),
            total: formatNumber(coverage.containersAfter.total),
            itemsNow: percent(coverage.itemsBefore.share),
            itemsAfter: percent(coverage.itemsAfter.share),
          })}
        </p>
      ) : null}
      {proposed.length === 0 ? (
        <p className="text-[13px] text-zinc-500">{t('hub.connectors.noSuggestion')}</p>
      ) : (
        <>
          <div className="flex items-center gap-2">
            <Button variant="secondary" size="sm" onClick={toggleAll}>
              {selected.size === proposed.length ? t('hub.connectors.selectNone') : t('hub.connectors.selectAll')}
            </Button>
            <Button size="sm" disabled={selected.size === 0} onClick={() => void decide('accept')}>
              {selected.size
                ? t('hub.connectors.acceptSome', selected.size, [formatNumber(selected.size)])
                : t('hub.connectors.accept')}
            </Button>
            <Button variant="secondary" size="sm" disabled={selected.size === 0} onClick={() => void decide('reject')}>
              {selected.size
                ? t('hub.connectors.rejectSome', selected.size, [formatNumber(selected.size)])
                : t('hub.connectors.reject')}
            </Button>
          </div>
          <table className="w-full text-left text-[13px]">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="w-6" />
                <th>{t('hub.connectors.column.container')}</th>
                <th>{t('hub.connectors.column.team')}</th>
                <th>{t('hub.connectors.column.score')}</th>
                <th>{t('hub.connectors.column.why')}</th>
              </tr>
            </thead>
            <tbody>
              {proposed.map((s) => (
                <tr
                  key={s.id}
                  data-suggestion={s.id}
                  className="border-t border-zinc-100 align-top dark:border-zinc-800"
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('hub.connectors.select', { name: containerName(s.container) })}
                      checked={selected.has(s.id)}
                      onChange={() => {
                        const next = new Set(selected);
                        if (!next.delete(s.id)) next.add(s.id);
                        setSelected(next);
                      }}
                    />
                  </td>
                  <td>
                    {containerName(s.container)}
                    <span className="ml-1 text-xs text-zinc-500">
                      {containerKind(s.container)}
                      {s.container.key ? ` ${s.container.key}` : ''}
                    </span>
                  </td>
                  <td>
                    <Select
                      aria-label={t('hub.connectors.teamFor', { name: containerName(s.container) })}
                      value={teamFor[s.id] ?? s.teamId}
                      onChange={(event) => setTeamFor({ ...teamFor, [s.id]: event.target.value })}
                    >
                      {(teams ?? []).map((team) => (
                        <option key={team.id} value={team.id}>
                          {team.name} ({team.slug})
                        </option>
                      ))}
                    </Select>
                  </td>
                  <td>{formatNumber(Math.round(s.score * 100))}</td>
                  <td data-why className="text-xs text-zinc-600 dark:text-zinc-400">
                    {suggestionWhy(s)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <ErrorText>{error}</ErrorText>
      {flagged.length ? (
        <div className="flex flex-col gap-1" data-flags>
          <h3 className="text-xs font-semibold text-amber-700 dark:text-amber-400">{t('hub.connectors.needLook')}</h3>
          <ul className="text-[13px]">
            {flagged.map((s) => (
              <li key={s.id}>
                {containerName(s.container)} → {teamsById.get(s.teamId)?.name ?? t('hub.connectors.removedTeam')}:{' '}
                <span title={s.flag ? flagDetail(s.flag) : undefined}>{s.flag ? FLAGS[s.flag.kind]() : null}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Section>
  );
}

function Containers({ imported }: { imported: string }) {
  const [tool, setTool] = useState<Tool | ''>('');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<ContainerRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    async (from: string | null) => {
      const answer = await sendMessage('containers.list', {
        limit: 100,
        ...(tool ? { tool } : {}),
        ...(query.trim() ? { q: query.trim() } : {}),
        ...(from ? { cursor: from } : {}),
      });
      if (!answer.ok) {
        setError(answer.error.message);
        return;
      }
      setError(null);
      setRows((previous) => (from ? [...previous, ...answer.value.data] : answer.value.data));
      setCursor(answer.value.nextCursor);
    },
    [tool, query],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `imported` is the reason to read them again.
  useEffect(() => void load(null), [load, imported]);
  return (
    <Section title={t('hub.connectors.containers')}>
      <div className="flex items-end gap-2">
        <Field label={t('hub.connectors.tool')}>
          {(field) => (
            <Select {...field} value={tool} onChange={(event) => setTool(event.target.value as Tool | '')}>
              <option value="">{t('hub.connectors.allTools')}</option>
              {(['jira', 'asana', 'notion'] as const).map((each) => (
                <option key={each} value={each}>
                  {TOOL_NAMES[each]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('hub.connectors.nameOrKey')}>
          {(field) => <TextInput {...field} value={query} onChange={(e) => setQuery(e.target.value)} />}
        </Field>
      </div>
      <ErrorText>{error}</ErrorText>
      <table className="w-full text-left text-[13px]" data-containers>
        <thead className="text-xs text-zinc-500">
          <tr>
            <th>{t('field.name')}</th>
            <th>{t('hub.connectors.column.kind')}</th>
            <th>{t('hub.connectors.column.hints')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td>
                {containerName(c)}
                {c.key ? <span className="ml-1 text-xs text-zinc-500">{c.key}</span> : null}
                {typeof c.previous?.name === 'string' && c.previous.name !== c.name ? (
                  <span className="ml-1 text-xs text-zinc-500">
                    {t('hub.connectors.was', { name: containerName({ name: c.previous.name }) })}
                  </span>
                ) : null}
              </td>
              <td className="text-xs text-zinc-500">{containerKind(c)}</td>
              <td className="text-xs text-zinc-600 dark:text-zinc-400">{hintsLine(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor ? (
        <Button variant="secondary" size="sm" onClick={() => void load(cursor)}>
          {t('hub.connectors.more')}
        </Button>
      ) : null}
    </Section>
  );
}

function hintsLine(container: ContainerRecord): string {
  const { lead, category, atlassianTeam, asanaTeam, ancestry, componentLeads } = container.hints;
  return [
    lead ? t('hub.connectors.hint.lead', { name: lead.name ?? lead.email ?? '' }) : null,
    category ? t('hub.connectors.hint.category', { category }) : null,
    atlassianTeam ? t('hub.connectors.hint.atlassianTeam', { team: atlassianTeam }) : null,
    asanaTeam ? t('hub.connectors.hint.asanaTeam', { team: asanaTeam.name }) : null,
    ancestry?.length ? t('hub.connectors.hint.under', { path: ancestry.join(' › ') }) : null,
    componentLeads?.length
      ? t('hub.connectors.hint.componentLeads', componentLeads.length, [formatNumber(componentLeads.length)])
      : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
