import type { LocalWrite } from '../../utils/db/commands.ts';
import { type CurrentItem, itemInput, writeLocal } from '../shared/item.ts';

type LinkInput = Extract<LocalWrite, { kind: 'link.create' }>['data'];

/** How a section tells the sidebar what an action did: an announcement, or the reason it failed. */
export interface ActionReport {
  onError(message: string): void;
  onDone(message: string): void;
}

/** Links the item (an owner, a goal, a related item) through the background and reports the outcome. */
export async function linkItem(item: CurrentItem, link: LinkInput, report: ActionReport, done: string) {
  const result = await writeLocal({ kind: 'linkItem', link, item: itemInput(item) });
  if (!result.ok) report.onError(result.error.message);
  else report.onDone(done);
}

/** Removes links (an owner, a goal, a relation in both directions) through the background and reports the outcome. */
export async function unlinkItem(linkIds: readonly string[], report: ActionReport, done: string) {
  for (const linkId of linkIds) {
    const result = await writeLocal({ kind: 'link.delete', id: linkId });
    if (!result.ok) {
      report.onError(result.error.message);
      return;
    }
  }
  report.onDone(done);
}
