/** Local writes from extension pages: the one path by which the sidebar, popup and hub change the mirror. */
import type { LocalWriteResult } from '../db/commands.ts';
import { readLocalUser } from '../db/local-user.ts';
import type { HallwayDexie } from '../db/schema.ts';
import { defaultWriteEnv, performWrite } from '../db/writes.ts';
import type { SidebarContextAnswer } from '../messaging/protocol.ts';
import type { MessageHandlers } from '../messaging/router.ts';

export interface MirrorWriteDeps {
  db: HallwayDexie;
  /** Called after each committed write, e.g. to schedule a sync pass that pushes the outbox. */
  afterWrite?: () => void;
  /** A tab's sidebar context resolved over the written mirror (the sidebar service's `contextAfterWrite`). */
  contextOf?: (tabId: number) => Promise<SidebarContextAnswer>;
}

/** The local user's display name and role, as the server last confirmed them. */
async function writeEnvOf(db: HallwayDexie) {
  const { name, role } = await readLocalUser(db);
  return defaultWriteEnv(name, role);
}

export function createMirrorWriteHandler({
  db,
  afterWrite,
  contextOf,
}: MirrorWriteDeps): Pick<MessageHandlers, 'mirror.write'> {
  return {
    'mirror.write': async (write, { sender }) => {
      const result: LocalWriteResult = await performWrite(db, write, await writeEnvOf(db));
      afterWrite?.();
      // A sidebar is an extension frame inside a tab (frame 0 is the tab's own page: the hub, the options).
      const tabId = sender.frameId !== undefined && sender.frameId !== 0 ? sender.tab?.id : undefined;
      if (tabId === undefined || !contextOf) return result;
      return { ...result, context: await contextOf(tabId) };
    },
  };
}
