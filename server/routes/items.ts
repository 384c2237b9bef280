import { z } from 'zod';
import { zItemInput, zItemPatch, zTool } from '../../utils/contract.ts';
import { items } from '../domain/entities.ts';
import { notFound } from '../domain/errors.ts';
import { findItemByKey, updateItem, upsertItem } from '../domain/items.ts';
import type { Deps } from '../http/context.ts';
import { parseQuery } from '../http/validate.ts';
import { entityRoutes } from './entity-routes.ts';

const zItemKey = z.string().min(1).max(512);

/** `POST` upserts by the item's key (201 when it created the item, 200 when it refreshed it). */
export const itemRoutes = (deps: Deps) =>
  entityRoutes(deps, {
    spec: items,
    filters: { tool: { column: 'tool', schema: zTool }, key: { column: 'key', schema: zItemKey } },
    create: {
      schema: zItemInput,
      run: async (s, id, input) => {
        const { item, created } = await upsertItem(s, id, input);
        return { entity: item, created };
      },
    },
    update: { schema: zItemPatch, run: updateItem },
    beforeIdRoutes: (app) =>
      app.get('/by-key', async (c) => {
        const { key } = parseQuery(c, z.object({ key: zItemKey }));
        const item = await findItemByKey({ tx: deps.db, workspaceId: c.var.actor.workspaceId }, key);
        if (!item) throw notFound('item');
        return c.json(item);
      }),
  });
