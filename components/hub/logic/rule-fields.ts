/**
 * The name of each rule field, as the hub and the sidebar show it. Apart from rules.ts (the URL detection and the
 * rule matching it needs): the sidebar's first render names a rule's field without them.
 */
import type { RuleField } from '../../../utils/contract.ts';
import { t } from '../../../utils/i18n.ts';

export const FIELD_LABEL: Record<RuleField, string> = {
  jiraProject: t('hub.rules.field.jiraProject'),
  asanaProject: t('hub.rules.field.asanaProject'),
  notionAncestor: t('hub.rules.field.notionAncestor'),
  gmailLabel: t('hub.rules.field.gmailLabel'),
  gmailSenderDomain: t('hub.rules.field.gmailSenderDomain'),
};
