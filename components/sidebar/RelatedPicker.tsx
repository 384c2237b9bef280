import { useLiveQuery } from 'dexie-react-hooks';
import { TOOL_NAMES } from '../../utils/tools.ts';
import { mirrorDb } from '../shared/mirror-db.ts';
import { Picker, type PickerOption } from '../ui/Picker.tsx';

/** The picker searches this many cached items: enough for a team's working set, bounded for a 100k mirror. */
const CANDIDATES = 5000;

/** Picks a cached item to link as related to `itemKey`, leaving out the item itself and those already linked. */
export function RelatedPicker(props: {
  itemKey: string;
  linked: ReadonlySet<string>;
  onPick(option: PickerOption): void;
  onCancel(): void;
}) {
  const candidates = useLiveQuery(() => mirrorDb().items.limit(CANDIDATES).toArray(), []);
  const options = (candidates ?? [])
    .filter((candidate) => candidate.ref.key !== props.itemKey && !props.linked.has(candidate.ref.key))
    .map((candidate) => ({
      id: candidate.ref.key,
      label: candidate.title || candidate.ref.id,
      detail: `${TOOL_NAMES[candidate.ref.tool]} · ${candidate.ref.id}`,
    }));
  return (
    <Picker
      label="Related item"
      placeholder="Search cached items"
      autoFocus
      options={options}
      onPick={props.onPick}
      onCancel={props.onCancel}
    />
  );
}
