import type { ItemContext, ItemRef } from '../../utils/contract.ts';
import type { LocalWrite } from '../../utils/db/commands.ts';
import { sendMessage } from '../../utils/messaging/client.ts';

/** The item as a write captures it: only what the user links or logs about is ever synced. */
export interface CurrentItem {
  ref: ItemRef;
  title: string;
  context: ItemContext;
}

export const itemInput = (item: CurrentItem) => ({
  ref: item.ref,
  // A page may not have rendered its title: fall back to the id rather than an empty title.
  title: (item.title || item.ref.id).slice(0, 1000),
  context: item.context,
});

/** One local write through the background; resolves to an error message, or null when it is in the outbox. */
export async function writeLocal(write: LocalWrite): Promise<string | null> {
  const answer = await sendMessage('mirror.write', write);
  return answer.ok ? null : answer.error.message;
}
