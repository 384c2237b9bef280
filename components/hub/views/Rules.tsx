import { useMemo, useState } from 'react';
import { may } from '../../../utils/contract.ts';
import { t } from '../../../utils/i18n.ts';
import { rankRules } from '../../../utils/resolve/rules.ts';
import { writeLocal } from '../../shared/item.ts';
import { attempt } from '../../ui/attempt.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorText } from '../../ui/ErrorText.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ReadOnlyNote } from '../../ui/ReadOnlyNote.tsx';
import { Section } from '../../ui/Section.tsx';
import { useHubData } from '../data.tsx';
import { moveRule } from '../logic/rules.ts';
import { RuleForm } from './rules/RuleForm.tsx';
import { RulesTable } from './rules/RulesTable.tsx';
import { RuleTester } from './rules/RuleTester.tsx';

/** The ownership rules page: the ranked table (editable by admins), a new-rule form and a tester. */
export function RulesView() {
  const { rules, role } = useHubData();
  const ranked = useMemo(() => rankRules(rules ?? []), [rules]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const admin = may(role, 'rule.write');
  if (!rules) return <Loading what={t('hub.rules.loading')} />;

  const move = (ruleId: string, direction: 'up' | 'down') => {
    const write = moveRule(ranked, ruleId, direction);
    if (write) void attempt(() => writeLocal(write), setError);
  };
  const remove = (ruleId: string) => attempt(() => writeLocal({ kind: 'rule.delete', id: ruleId }), setError);

  return (
    <div data-view="rules" data-ready className="flex flex-col">
      <PageHeader
        title={t('hub.nav.rules')}
        subtitle={t('hub.rules.subtitle')}
        actions={
          admin && editing === null ? (
            <Button variant="primary" onClick={() => setEditing('new')}>
              {t('hub.rules.new')}
            </Button>
          ) : null
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5">
        {!admin ? <ReadOnlyNote>{t('hub.rules.readOnly')}</ReadOnlyNote> : null}
        <ErrorText>{error}</ErrorText>
        {editing === 'new' ? <RuleForm rule={null} rules={rules} onDone={() => setEditing(null)} /> : null}
        {ranked.length === 0 ? (
          <EmptyState title={t('hub.rules.none')}>
            {admin ? t('hub.rules.noneWrite') : t('hub.rules.noneRead')}
          </EmptyState>
        ) : (
          <RulesTable
            ranked={ranked}
            rules={rules}
            admin={admin}
            editing={editing}
            onEdit={setEditing}
            onMove={move}
            onRemove={remove}
          />
        )}
        <Section title={t('hub.rules.test')}>
          <RuleTester rules={rules} draft={null} />
        </Section>
      </div>
    </div>
  );
}
