import type { OwnershipRule } from '../../../../utils/contract.ts';
import { formatNumber, t } from '../../../../utils/i18n.ts';
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
          <th className="py-1.5 font-medium">{t('hub.rules.rank')}</th>
          <th className="font-medium">{t('hub.rules.tool')}</th>
          <th className="font-medium">{t('hub.rules.when')}</th>
          <th className="font-medium">{t('sidebar.owner.title')}</th>
          <th className="font-medium">{t('common.goal')}</th>
          <th className="text-right font-medium">{t('hub.rules.priority')}</th>
          {admin ? <th className="sr-only">{t('hub.rules.actions')}</th> : null}
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
              <td className="py-2 text-zinc-500 tabular-nums">{formatNumber(index + 1)}</td>
              <td>
                <ToolBadge tool={rule.tool} />
              </td>
              <td>
                {t('hub.rules.fieldIs', { field: FIELD_LABEL[rule.field] })}{' '}
                <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{rule.pattern}</code>
              </td>
              <td>
                <HubLink to={{ view: 'team', id: rule.teamId }}>
                  {teamsById.get(rule.teamId)?.name ?? t('hub.unknownTeam')}
                </HubLink>
              </td>
              <td className="text-zinc-500">
                {rule.goalId ? (
                  <HubLink to={{ view: 'goal', id: rule.goalId }}>
                    {goalsById.get(rule.goalId)?.title ?? t('hub.unknownGoal')}
                  </HubLink>
                ) : (
                  '—'
                )}
              </td>
              <td className="text-right tabular-nums">{formatNumber(rule.priority)}</td>
              {admin ? (
                <td className="text-right whitespace-nowrap">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('hub.rules.moveUp', { pattern: rule.pattern })}
                    disabled={index === 0}
                    onClick={() => onMove(rule.id, 'up')}
                  >
                    ↑
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('hub.rules.moveDown', { pattern: rule.pattern })}
                    disabled={index === ranked.length - 1}
                    onClick={() => onMove(rule.id, 'down')}
                  >
                    ↓
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => onEdit(rule.id)}>
                    {t('common.edit')}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => onRemove(rule.id)}>
                    {t('hub.delete.delete')}
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
