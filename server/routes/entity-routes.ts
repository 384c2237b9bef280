import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { zEntityId, zVersion } from '../../utils/contract.ts';
import type { ListFilter } from '../domain/list.ts';
import { listEntities } from '../domain/list.ts';
import { type WriteSession, writeInWorkspace } from '../domain/session.ts';
import { type EntitySpec, getEntity, type Meta, type MetaRow } from '../domain/store.ts';
import type { AppEnv, Deps } from '../http/context.ts';
import { parseQuery, parseWith, pathId, readBody, zPageQuery } from '../http/validate.ts';

export interface FilterSpec {
  column: string;
  schema: z.ZodType<string>;
  match?: ListFilter['match'];
}

export interface EntityRoutes<Row extends MetaRow, Api extends Meta, Input, Patch extends object> {
  spec: EntitySpec<Row, Api>;
  filters: Record<string, FilterSpec>;
  create?: {
    schema: z.ZodType<Input>;
    run(session: WriteSession, id: string, input: Input): Promise<{ entity: Api; created: boolean }>;
  };
  update?: {
    schema: z.ZodType<Patch>;
    run(session: WriteSession, id: string, baseVersion: number, patch: Patch): Promise<Api>;
  };
  /** Static paths that `/:id` would otherwise capture. */
  beforeIdRoutes?: (app: Hono<AppEnv>) => void;
  remove?: { versioned: boolean; run(session: WriteSession, id: string, baseVersion: number): Promise<number> };
}

const zCreateId = z.object({ id: zEntityId.optional() });
const zBaseVersion = z.object({ baseVersion: zVersion });
const zDeleteQuery = z.object({ baseVersion: z.coerce.number().pipe(zVersion) });

/**
 * The REST surface of one entity: list with filters and keyset paging, get, and whichever of create, update and
 * delete the model allows. Writes run the same domain functions as `POST /v1/mutations`.
 */
export function entityRoutes<Row extends MetaRow, Api extends Meta, Input, Patch extends object>(
  deps: Deps,
  options: EntityRoutes<Row, Api, Input, Patch>,
) {
  const { spec } = options;
  const zFilterQuery = z.object(
    Object.fromEntries(Object.entries(options.filters).map(([name, filter]) => [name, filter.schema.optional()])),
  );
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const page = parseQuery(c, zPageQuery);
    const query = parseQuery(c, zFilterQuery);
    const filters = Object.entries(options.filters).flatMap(([name, filter]): ListFilter[] => {
      const value = query[name];
      return value === undefined ? [] : [{ column: filter.column, value, match: filter.match ?? 'eq' }];
    });
    return c.json(await listEntities(deps.db, spec, c.var.actor.workspaceId, filters, page));
  });

  options.beforeIdRoutes?.(app);
  app.get('/:id', async (c) =>
    c.json(await getEntity(deps.db, spec, c.var.actor.workspaceId, pathId(c, spec.entity, spec.label))),
  );

  const { create, update, remove } = options;
  if (create) {
    app.post('/', async (c) => {
      const body = await readBody(c);
      const id = parseWith(zCreateId, body).id ?? randomUUID();
      const input = parseWith(create.schema, body);
      const result = await writeInWorkspace(deps.db, c.var.actor, deps.clock, (session) =>
        create.run(session, id, input),
      );
      return c.json(result.entity, result.created ? 201 : 200);
    });
  }
  if (update) {
    app.patch('/:id', async (c) => {
      const id = pathId(c, spec.entity, spec.label);
      const body = await readBody(c);
      const { baseVersion } = parseWith(zBaseVersion, body);
      const patch = parseWith(update.schema, body);
      return c.json(
        await writeInWorkspace(deps.db, c.var.actor, deps.clock, (session) =>
          update.run(session, id, baseVersion, patch),
        ),
      );
    });
  }
  if (remove) {
    app.delete('/:id', async (c) => {
      const id = pathId(c, spec.entity, spec.label);
      const baseVersion = remove.versioned ? parseQuery(c, zDeleteQuery).baseVersion : 0;
      await writeInWorkspace(deps.db, c.var.actor, deps.clock, (session) => remove.run(session, id, baseVersion));
      return c.body(null, 204);
    });
  }
  return app;
}
