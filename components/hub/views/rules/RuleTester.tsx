import { useState } from 'react';
import type { OwnershipRule, RuleField } from '../../../../utils/contract.ts';
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
          Page URL
          <TextInput
            aria-label="Page URL to test"
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
                  placeholder={
                    field === 'jiraProject' ? 'as the issue shows it' : 'names, links or ids, comma-separated'
                  }
                  value={facts[field]}
                  onChange={(e) => setFacts((current) => ({ ...current, [field]: e.target.value }))}
                />
              </div>
            ))
          : null}
      </div>
      <p role="status" aria-label="Rule test result" className="text-[13px]">
        {result === null
          ? 'Paste a Jira, Asana, Notion or Gmail URL to see which team would own it.'
          : result.kind === 'not-an-item'
            ? 'This URL is not a Jira issue, Asana task, Notion page or Gmail thread.'
            : result.kind === 'no-facts'
              ? `This ${TOOL_DISPLAY[result.ref.tool].label} link does not say where the item lives: fill in the fields above.`
              : result.kind === 'unowned'
                ? 'No rule matches: the item would be unowned.'
                : `Owned by ${teamsById.get(result.match.rule.teamId)?.name ?? 'an unknown team'}, via ${
                    result.byDraft
                      ? 'this rule'
                      : `the rule ${FIELD_LABEL[result.match.rule.field]} "${result.match.rule.pattern}"`
                  } (matched "${factLabel(result.match.fact)}").`}
      </p>
    </div>
  );
}
