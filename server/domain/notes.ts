import type { z } from 'zod';
import type { Note, zNoteInput } from '../../utils/contract.ts';
import { requirePermission } from './actor.ts';
import { notes } from './entities.ts';
import type { WriteSession } from './session.ts';
import { type Fields, insertEntity } from './store.ts';

/** A new note's stored fields: who wrote it is the session's user, never a field of the request. */
export const newNoteFields = (session: WriteSession, input: z.output<typeof zNoteInput>): Fields<Note> => ({
  ...input,
  createdBy: session.actor.userName,
});

/** Notes are kept, not edited: like decisions, a note is a record of what someone noted at the time. */
export async function createNote(session: WriteSession, id: string, input: z.output<typeof zNoteInput>): Promise<Note> {
  requirePermission(session.actor, 'note.write');
  return insertEntity(session, notes, id, newNoteFields(session, input));
}
