import type { OwnershipRule } from '../../../../utils/contract.ts';
import { Button } from '../../../ui/Button.tsx';
import { HubLink, ToolBadge } from '../../common.tsx';
import { useHubData } from '../../data.tsx';
import { FIELD_LABEL } from '../../logic/rules.ts';
import { RuleForm } from './RuleForm.tsx';

/** The rules in rank order; the row being edited (editing = its id) shows the rule form in its place. */
export function RulesTable({
  ranked,
  rules,
  admin,
  editing,
  onEdit,
  onMove,
  onRemove,
}: {
  ranked: OwnershipRule[];
  rules: OwnershipRule[];
  admin: boolean;
  editing: string | 'new' | null;
  onEdit: (editing: string | null) => void;
  onMove: (ruleId: string, direction: 'up' | 'down') => void;
  onRemove: (ruleId: string) => unknown;
}) {
  const { teamsById, goalsById } = useHubData();
  return (
    <table className="w-full text-left [&_td]:pr-3 [&_th]:pr-3">
      <thead className="border-b border-zinc-200 text-[11px] text-zinc-500 uppercase dark:border-zinc-800">
        <tr>
          <th className="py-1.5 font-medium">Rank</th>
          <th className="font-medium">Tool</th>
          <th className="font-medium">When</th>
          <th className="font-medium">Owner</th>
          <th className="font-medium">Goal</th>
          <th className="text-right font-medium">Priority</th>
          {admin ? <th className="sr-only">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {ranked.map((rule, index) =>
          editing === rule.id ? (
            <tr key={rule.id}>
              <td colSpan={admin ? 7 : 6} className="py-3">
                <RuleForm rule={rule} rules={rules} onDone={() => onEdit(null)} />
              </td>
            </tr>
          ) : (
            <tr key={rule.id} className="border-b border-zinc-100 dark:border-zinc-900">
              <td className="py-2 text-zinc-500 tabular-nums">{index + 1}</td>
              <td>
                <ToolBadge tool={rule.tool} />
              </td>
              <td>
                {FIELD_LABEL[rule.field]} is{' '}
                <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{rule.pattern}</code>
              </td>
              <td>
                <HubLink to={{ view: 'team', id: rule.teamId }}>
                  {teamsById.get(rule.teamId)?.name ?? 'Unknown team'}
                </HubLink>
              </td>
              <td className="text-zinc-500">
                {rule.goalId ? (
                  <HubLink to={{ view: 'goal', id: rule.goalId }}>
                    {goalsById.get(rule.goalId)?.title ?? 'Unknown goal'}
                  </HubLink>
                ) : (
                  '—'
                )}
              </td>
              <td className="text-right tabular-nums">{rule.priority}</td>
              {admin ? (
                <td className="text-right whitespace-nowrap">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Move ${rule.pattern} up`}
                    disabled={index === 0}
                    onClick={() => onMove(rule.id, 'up')}
                  >
                    ↑
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Move ${rule.pattern} down`}
                    disabled={index === ranked.length - 1}
                    onClick={() => onMove(rule.id, 'down')}
                  >
                    ↓
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => onEdit(rule.id)}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => onRemove(rule.id)}>
                    Delete
                  </Button>
                </td>
              ) : null}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
