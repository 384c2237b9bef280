/**
 * One container of an item as a rule sees it, and how a person reads it. Apart from rules.ts, which needs the
 * contract's values (and with them zod): the sidebar's first render names the fact a rule matched without them.
 */
import type { RuleField } from '../contract.ts';

/**
 * One container of an item as a rule sees it: its id and its name, each where the page or the URL shows it. Jira's
 * id is the project key; Gmail labels and sender domains are names.
 */
export interface ContainerFact {
  field: RuleField;
  id?: string;
  name?: string;
}

/** What a person reads for a fact: the name where known, else the id. */
export function factLabel(fact: ContainerFact): string {
  return fact.name || fact.id || '';
}
