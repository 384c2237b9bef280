import type { ItemContext, ItemRef } from '../../utils/contract.ts';
import type { LocalWrite } from '../../utils/db/commands.ts';
import { sendMessage } from '../../utils/messaging/client.ts';
import type { MessageResult, Result, SidebarContextAnswer } from '../../utils/messaging/protocol.ts';

/** The item as a write captures it: only what the user links or logs about is ever synced. */
export interface CurrentItem {
  ref: ItemRef;
  title: string;
  context: ItemContext;
}

/** A write that reached the outbox: what it created, and the outbox rows that follow it to the server. */
export interface SavedWrite {
  id: string;
  title: string;
  mutationIds: string[];
}

export const itemInput = (item: CurrentItem) => ({
  ref: item.ref,
  // A page may not have rendered its title: fall back to the id rather than an empty title.
  title: (item.title || item.ref.id).slice(0, 1000),
  context: item.context,
});

type DecisionInput = Extract<LocalWrite, { kind: 'decision.create' }>['data'];

/** Logs a decision, capturing the item it was made about first when there is one. */
export const decisionWrite = (decision: DecisionInput, item?: ReturnType<typeof itemInput>): LocalWrite =>
  item ? { kind: 'logDecision', decision, item } : { kind: 'decision.create', data: decision };

type NoteInput = Extract<LocalWrite, { kind: 'note.create' }>['data'];

/** Keeps a note, capturing the item it is about first when there is one. */
export const noteWrite = (note: NoteInput, item?: ReturnType<typeof itemInput>): LocalWrite =>
  item ? { kind: 'logNote', note, item } : { kind: 'note.create', data: note };

/**
 * The one way an extension page writes: one local write through the background, answered as a `Result`: the ids it
 * created and its outbox rows, or why it was refused (with the error's code). Never throws for a refusal.
 */
export async function writeLocal(write: LocalWrite): Promise<Result<MessageResult<'mirror.write'>>> {
  const answer = await sendMessage('mirror.write', write);
  const context = answer.ok ? answer.value.context : undefined;
  if (context) for (const listener of writeContextListeners) listener(context);
  return answer;
}

const writeContextListeners = new Set<(context: SidebarContextAnswer) => void>();

/**
 * A sidebar's write is answered with its tab's context resolved over the written mirror: `listener` hears each such
 * answer (the sidebar shows it at once, with the write's pending mark). Returns the unsubscribe.
 */
export function onWriteContext(listener: (context: SidebarContextAnswer) => void): () => void {
  writeContextListeners.add(listener);
  return () => writeContextListeners.delete(listener);
}
