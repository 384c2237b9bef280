import type { Context } from 'hono';
import { z } from 'zod';
import { describeIssues, type ErrorSubject, zEntityId } from '../../utils/contract.ts';
import { ApiError, notFound } from '../domain/errors.ts';
import { parseJsonBody } from './json.ts';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('invalid_request', describeIssues(parsed.error.issues));
  return parsed.data;
}

export async function readBody(c: Context): Promise<unknown> {
  return parseJsonBody(await c.req.text());
}

export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseWith(schema, await readBody(c));
}

export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query());
}

/** A path id that is not a UUID cannot name anything: answer 404 like any other unknown id. */
export function pathId(c: Context, subject: ErrorSubject, label: string = subject): string {
  const id = c.req.param('id');
  if (!zEntityId.safeParse(id).success || id === undefined) throw notFound(subject, label);
  return id;
}

export const LIST_LIMIT_MAX = 200;
export const zPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(50),
  cursor: z.string().max(200).optional(),
});
