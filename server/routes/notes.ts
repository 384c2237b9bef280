import { z } from 'zod';
import { zEntityId, zNoteInput } from '../../utils/contract.ts';
import { notes } from '../domain/entities.ts';
import { createNote } from '../domain/notes.ts';
import type { Deps } from '../http/context.ts';
import { entityRoutes } from './entity-routes.ts';

/** Notes are kept as written: list, get and create; the writer is the caller. */
export const noteRoutes = (deps: Deps) =>
  entityRoutes(deps, {
    spec: notes,
    filters: {
      teamId: { column: 'team_id', schema: zEntityId },
      goalId: { column: 'goal_id', schema: zEntityId },
      itemKey: { column: 'item_keys', schema: z.string().min(1).max(512), match: 'contains' },
    },
    create: {
      schema: zNoteInput,
      run: async (s, id, input) => ({ entity: await createNote(s, id, input), created: true }),
    },
  });
