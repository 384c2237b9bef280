/**
 * The text a person typed or captured in a write: what a refused write shows so nothing the user wrote vanishes,
 * and the only fields "edit and send again" may change. Ids, dates and choices are not text: a refused write with
 * a wrong one is discarded and made again.
 */
import type { Mutation } from '../contract.ts';

export interface WriteText {
  field: string;
  label: string;
  value: string;
}

const TEXT_FIELDS: Partial<Record<Mutation['type'], readonly (readonly [field: string, label: string])[]>> = {
  'decision.create': [
    ['title', 'Title'],
    ['rationale', 'Rationale'],
    ['quote', 'Quote'],
  ],
  'goal.create': [
    ['title', 'Title'],
    ['description', 'Description'],
  ],
  'goal.update': [
    ['title', 'Title'],
    ['description', 'Description'],
  ],
  'team.create': [
    ['name', 'Name'],
    ['slug', 'Slug'],
    ['description', 'Description'],
  ],
  'team.update': [
    ['name', 'Name'],
    ['slug', 'Slug'],
    ['description', 'Description'],
  ],
  'note.create': [
    ['title', 'Title'],
    ['body', 'Details'],
    ['quote', 'Quote'],
  ],
  'item.upsert': [['title', 'Title']],
  'rule.create': [['pattern', 'Pattern']],
  'rule.update': [['pattern', 'Pattern']],
};

/** The text fields the mutation carries, in a fixed order; empty for writes without text (deletes, links). */
export function textsOf(mutation: Mutation): WriteText[] {
  const data = 'data' in mutation ? (mutation.data as Record<string, unknown>) : {};
  return (TEXT_FIELDS[mutation.type] ?? []).flatMap(([field, label]) => {
    const value = data[field];
    return typeof value === 'string' ? [{ field, label, value }] : [];
  });
}
