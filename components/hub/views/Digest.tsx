import { useEffect, useState } from 'react';
import type { Digest, DigestAnswer } from '../../../utils/contract.ts';
import { sendMessage } from '../../../utils/messaging/client.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { Section } from '../../ui/Section.tsx';
import { Select } from '../../ui/Select.tsx';
import { BarChart } from '../BarChart.tsx';
import { HubLink } from '../common.tsx';
import { useHubData } from '../data.tsx';
import { navigate } from '../routing.ts';

const DAY_MS = 24 * 3600_000;
const WEEKDAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const STATUS = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** The Monday (UTC) of the week before the one containing `now`: the week the latest digest is about. */
export function lastWeekStart(now: number): string {
  const day = new Date(now).getUTCDay();
  const monday = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return new Date(monday - (((day + 6) % 7) + 7) * DAY_MS).toISOString().slice(0, 10);
}
const shiftWeek = (week: string, weeks: number) =>
  new Date(Date.parse(`${week}T00:00:00Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);

/**
 * The weekly digest as the server sends it (by e-mail and webhook), for my teams or one team and any week: the
 * sections, the snapshot's charts, and its Markdown to copy.
 */
export function DigestView({ teams: scope, week: requested }: { teams: string; week: string | null }) {
  const { teams } = useHubData();
  const week = requested ?? lastWeekStart(Date.now());
  const [answer, setAnswer] = useState<DigestAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    setAnswer(null);
    setError(null);
    void sendMessage('digest.get', { teams: scope, week }).then((result) => {
      if (!live) return;
      if (result.ok) setAnswer(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [scope, week]);
  const go = (next: { teams?: string; week?: string }) =>
    navigate({ view: 'digest', teams: next.teams ?? scope, week: next.week ?? week });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Weekly digest"
        subtitle={`Week of ${week}${answer ? ` (${answer.digest.week.timeZone})` : ''}: what was decided and what fell through the cracks.`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Select aria-label="Teams" value={scope} onChange={(event) => go({ teams: event.target.value })}>
              <option value="mine">My teams</option>
              {(teams ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Select>
            <Button
              size="sm"
              variant="ghost"
              aria-label="The week before"
              onClick={() => go({ week: shiftWeek(week, -1) })}
            >
              ←
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label="The week after"
              onClick={() => go({ week: shiftWeek(week, 1) })}
            >
              →
            </Button>
            {answer ? (
              <Button
                size="sm"
                onClick={() =>
                  void navigator.clipboard.writeText(answer.markdown).then(() => {
                    setCopied(true);
                    setTimeout(() => setCopied(false), 1500);
                  })
                }
              >
                {copied ? 'Copied' : 'Copy Markdown'}
              </Button>
            ) : null}
          </div>
        }
      />
      <ErrorText>{error}</ErrorText>
      {!answer && !error ? <Loading what="the digest" /> : null}
      {answer ? <DigestBody digest={answer.digest} /> : null}
    </div>
  );
}

function More({ list }: { list: { total: number; shown: unknown[] } }) {
  const rest = list.total - list.shown.length;
  return rest > 0 ? <li className="text-xs text-zinc-500">…and {rest.toLocaleString()} more</li> : null;
}

function DigestBody({ digest }: { digest: Digest }) {
  const list = 'flex flex-col gap-1 text-sm';
  return (
    <div className="flex flex-col gap-6" data-digest={digest.week.start}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{digest.label}</p>
      <div className="grid gap-6 md:grid-cols-3">
        <BarChart
          title="Decisions per day"
          bars={digest.charts.decisionsByDay.map((day, n) => ({ label: WEEKDAY[n] ?? day.date, value: day.count }))}
          width={300}
        />
        <BarChart
          title="Goals by status"
          bars={Object.entries(digest.charts.goalsByStatus).map(([status, value]) => ({
            label: STATUS[status as keyof typeof STATUS],
            value,
          }))}
          width={300}
        />
        <BarChart
          title="Linked items by tool"
          bars={Object.entries(digest.charts.linkedByTool).map(([tool, value]) => ({ label: tool, value }))}
          width={300}
        />
      </div>
      <Section title="Decisions made" count={digest.decisionsMade.total}>
        <ul className={list}>
          {digest.decisionsMade.shown.map((d) => (
            <li key={d.id}>
              <HubLink to={{ view: 'decision', id: d.id }}>{d.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">
                {d.decidedAt.slice(0, 10)} · {d.decidedBy} · {d.status}
              </span>
            </li>
          ))}
          <More list={digest.decisionsMade} />
        </ul>
      </Section>
      <Section title="Decisions superseded" count={digest.decisionsSuperseded.total}>
        <ul className={list}>
          {digest.decisionsSuperseded.shown.map((s) => (
            <li key={s.by.id}>
              <HubLink to={{ view: 'decision', id: s.replaced.id }}>{s.replaced.title}</HubLink> →{' '}
              <HubLink to={{ view: 'decision', id: s.by.id }}>{s.by.title}</HubLink>
            </li>
          ))}
          <More list={digest.decisionsSuperseded} />
        </ul>
      </Section>
      <Section title="Goal status changes" count={digest.goalStatusChanges.total}>
        <ul className={list}>
          {digest.goalStatusChanges.shown.map((g) => (
            <li key={`${g.goalId}:${g.at}`}>
              <HubLink to={{ view: 'goal', id: g.goalId }}>{g.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">
                {g.from ? STATUS[g.from] : 'new'} → {STATUS[g.to]} · {g.by}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Items newly linked" count={digest.itemsNewlyLinked.total}>
        <ul className={list}>
          {digest.itemsNewlyLinked.shown.map((i) => (
            <li key={`${i.key}:${i.kind}`}>
              <HubLink to={{ view: 'item', key: i.key }}>{i.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">
                {i.tool} · {i.kind} · {i.by}
              </span>
            </li>
          ))}
          <More list={digest.itemsNewlyLinked} />
        </ul>
      </Section>
      <Section title="Unowned items seen" count={digest.unownedItemsSeen.total}>
        <ul className={list}>
          {digest.unownedItemsSeen.shown.map((i) => (
            <li key={i.key}>
              <HubLink to={{ view: 'item', key: i.key }}>{i.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">{i.tool}</span>
            </li>
          ))}
          <More list={digest.unownedItemsSeen} />
        </ul>
      </Section>
      <Section title="Reviews due" count={digest.reviewsDue.total}>
        <ul className={list}>
          {digest.reviewsDue.shown.map((r) => (
            <li key={`${r.entity}:${r.id}`}>
              <HubLink to={r.entity === 'rule' ? { view: 'reviews' } : { view: r.entity, id: r.id }}>{r.title}</HubLink>{' '}
              <span className="text-xs text-zinc-500">due {r.dueOn}</span>
            </li>
          ))}
          <More list={digest.reviewsDue} />
        </ul>
      </Section>
    </div>
  );
}
