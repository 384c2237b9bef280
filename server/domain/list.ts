import { z } from 'zod';
import { zEntityId, zTimestamp } from '../../utils/contract.ts';
import type { Queryable } from '../db/database.ts';
import { ApiError } from './errors.ts';
import type { EntitySpec, Meta, MetaRow } from './store.ts';

export interface ListFilter {
  column: string;
  value: unknown;
  /** `contains`: the column is an array holding `value`. */
  match: 'eq' | 'contains';
}

const zListCursor = z.tuple([zTimestamp, zEntityId]);

const encodeCursor = (item: Meta) => Buffer.from(JSON.stringify([item.createdAt, item.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    return zListCursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError('invalid_request', 'cursor: not a cursor this server returned');
  }
}

/** Keyset paging in creation order: stable under concurrent inserts, and no OFFSET scans. */
export async function listEntities<Row extends MetaRow, Api extends Meta>(
  db: Queryable,
  spec: EntitySpec<Row, Api>,
  workspaceId: string,
  filters: ListFilter[],
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: Api[]; nextCursor: string | null }> {
  const params: unknown[] = [workspaceId];
  const conditions = ['workspace_id = $1'];
  for (const filter of filters) {
    params.push(filter.value);
    conditions.push(
      filter.match === 'eq' ? `${filter.column} = $${params.length}` : `$${params.length} = ANY(${filter.column})`,
    );
  }
  if (page.cursor) {
    const [createdAt, id] = decodeCursor(page.cursor);
    params.push(createdAt, id);
    conditions.push(`(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit + 1);
  const rows = await db.query<Row>(
    `SELECT * FROM ${spec.table} WHERE ${conditions.join(' AND ')} ORDER BY created_at, id LIMIT $${params.length}`,
    params,
  );
  const data = rows.slice(0, page.limit).map(spec.fromRow);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}
