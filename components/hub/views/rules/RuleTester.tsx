import { useState } from 'react';
import type { OwnershipRule, RuleField } from '../../../../utils/contract.ts';
import { t } from '../../../../utils/i18n.ts';
import { factLabel } from '../../../../utils/resolve/rules.ts';
import { TextInput } from '../../../ui/Field.tsx';
import { TOOL_DISPLAY } from '../../common.tsx';
import { useHubData } from '../../data.tsx';
import { FIELD_LABEL, FIELDS_OF_TOOL, TESTER_LABEL, testRules, typedContext } from '../../logic/rules.ts';

/** Which team would own a pasted URL under the current rules, plus a draft rule when one is being edited. */
export function RuleTester({ rules, draft }: { rules: OwnershipRule[]; draft: OwnershipRule | null }) {
  const { teamsById } = useHubData();
  const [url, setUrl] = useState('');
  const [facts, setFacts] = useState<Record<RuleField, string>>({
    jiraProject: '',
    asanaProject: '',
    notionAncestor: '',
    gmailLabel: '',
    gmailSenderDomain: '',
  });
  const result = url.trim() ? testRules(url.trim(), typedContext(facts), rules, draft) : null;
  const tool = result && result.kind !== 'not-an-item' ? result.ref.tool : null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-1 flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          {t('hub.rules.pageUrl')}
          <TextInput
            aria-label={t('hub.rules.pageUrlLabel')}
            placeholder="https://acme.atlassian.net/browse/PAY-12"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        {tool
          ? FIELDS_OF_TOOL[tool].map((field) => (
              <div key={field} className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
                {TESTER_LABEL[field]}
                <TextInput
                  aria-label={TESTER_LABEL[field]}
                  placeholder={field === 'jiraProject' ? t('hub.rules.asShown') : t('hub.rules.commaSeparated')}
                  value={facts[field]}
                  onChange={(e) => setFacts((current) => ({ ...current, [field]: e.target.value }))}
                />
              </div>
            ))
          : null}
      </div>
      <p role="status" aria-label={t('hub.rules.result')} className="text-[13px]">
        {result === null
          ? t('hub.rules.paste')
          : result.kind === 'not-an-item'
            ? t('hub.rules.notAnItem')
            : result.kind === 'no-facts'
              ? t('hub.rules.noFacts', { tool: TOOL_DISPLAY[result.ref.tool].label })
              : result.kind === 'unowned'
                ? t('hub.rules.unowned')
                : t('hub.rules.ownedVia', {
                    team: teamsById.get(result.match.rule.teamId)?.name ?? t('hub.rules.unknownTeam'),
                    rule: result.byDraft
                      ? t('hub.rules.thisRule')
                      : t('hub.rules.theRule', {
                          field: FIELD_LABEL[result.match.rule.field],
                          pattern: result.match.rule.pattern,
                        }),
                    fact: factLabel(result.match.fact),
                  })}
      </p>
    </div>
  );
}
