/**
 * The text a person typed or captured in a write: what a refused write shows so nothing the user wrote vanishes,
 * and the only fields "edit and send again" may change. Ids, dates and choices are not text: a refused write with
 * a wrong one is discarded and made again.
 */
import type { Mutation } from '../contract.ts';
import { type Message, message } from '../message.ts';

export interface WriteText {
  field: string;
  /** The field's name as the form that wrote it shows it. */
  label: Message;
  value: string;
}

const LABELS = {
  title: message('field.title'),
  rationale: message('field.rationale'),
  quote: message('field.quote'),
  description: message('field.description'),
  name: message('field.name'),
  slug: message('field.slug'),
  details: message('field.details'),
  pattern: message('field.pattern'),
};

const TEXT_FIELDS: Partial<Record<Mutation['type'], readonly (readonly [field: string, label: Message])[]>> = {
  'decision.create': [
    ['title', LABELS.title],
    ['rationale', LABELS.rationale],
    ['quote', LABELS.quote],
  ],
  'goal.create': [
    ['title', LABELS.title],
    ['description', LABELS.description],
  ],
  'goal.update': [
    ['title', LABELS.title],
    ['description', LABELS.description],
  ],
  'team.create': [
    ['name', LABELS.name],
    ['slug', LABELS.slug],
    ['description', LABELS.description],
  ],
  'team.update': [
    ['name', LABELS.name],
    ['slug', LABELS.slug],
    ['description', LABELS.description],
  ],
  'note.create': [
    ['title', LABELS.title],
    ['body', LABELS.details],
    ['quote', LABELS.quote],
  ],
  'item.upsert': [['title', LABELS.title]],
  'rule.create': [['pattern', LABELS.pattern]],
  'rule.update': [['pattern', LABELS.pattern]],
};

/** The text fields the mutation carries, in a fixed order; empty for writes without text (deletes, links). */
export function textsOf(mutation: Mutation): WriteText[] {
  const data = 'data' in mutation ? (mutation.data as Record<string, unknown>) : {};
  return (TEXT_FIELDS[mutation.type] ?? []).flatMap(([field, label]) => {
    const value = data[field];
    return typeof value === 'string' ? [{ field, label, value }] : [];
  });
}
