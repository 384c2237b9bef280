import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { PickerOption } from '../ui/Picker.tsx';
import { goalStatusDisplay } from '../ui/status.ts';
import { mirrorDb } from './mirror-db.ts';

const byLabel = (a: PickerOption, b: PickerOption) => a.label.localeCompare(b.label);

/** Teams and goals from the mirror as picker options, live. */
export function usePickOptions(): { teams: PickerOption[]; goals: PickerOption[] } {
  const teams = useLiveQuery(async () => {
    const rows = await mirrorDb().teams.toArray();
    return rows.map((team) => ({ id: team.id, label: team.name, detail: team.slug })).sort(byLabel);
  }, []);
  const goals = useLiveQuery(async () => {
    const db = mirrorDb();
    const [rows, teamRows] = await Promise.all([db.goals.toArray(), db.teams.toArray()]);
    const teamName = new Map(teamRows.map((team) => [team.id, team.name]));
    return rows
      .filter((goal) => goal.status !== 'done' && goal.status !== 'cancelled')
      .map((goal) => ({
        id: goal.id,
        label: goal.title,
        detail: [goal.ownerTeamId ? teamName.get(goal.ownerTeamId) : null, goalStatusDisplay[goal.status].label]
          .filter(Boolean)
          .join(' · '),
      }))
      .sort(byLabel);
  }, []);
  // Stable while the tables are unchanged, for the memos and effects of the pages using them.
  return useMemo(() => ({ teams: teams ?? [], goals: goals ?? [] }), [teams, goals]);
}
