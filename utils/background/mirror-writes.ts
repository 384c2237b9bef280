/** Local writes from extension pages: the one path by which the sidebar, popup and hub change the mirror. */
import type { LocalWriteResult } from '../db/commands.ts';
import { readLocalUser } from '../db/local-user.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { defaultWriteEnv, performWrite } from '../db/writes.ts';
import type { MessageHandlers } from '../messaging/router.ts';

export interface MirrorWriteDeps {
  db: HallwayDexie;
  /** Called after each committed write, e.g. to schedule a sync pass that pushes the outbox. */
  afterWrite?: () => void;
}

/** The local user's display name and role, as the server last confirmed them. */
async function writeEnvOf(db: HallwayDexie) {
  const { name, role } = await readLocalUser(db);
  return defaultWriteEnv(name, role);
}

export function createMirrorWriteHandler({ db, afterWrite }: MirrorWriteDeps): Pick<MessageHandlers, 'mirror.write'> {
  return {
    'mirror.write': async (write): Promise<LocalWriteResult> => {
      const result = await performWrite(db, write, await writeEnvOf(db));
      afterWrite?.();
      return result;
    },
  };
}
