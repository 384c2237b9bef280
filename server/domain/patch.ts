/**
 * The contract's patch schemas are `Input.partial()`, and zod 4 still fills the defaults of absent fields, so a
 * parsed patch `{ title }` would also reset `description` to ''. Keep only the fields the client actually sent.
 */
export function sentFieldsOnly<Patch extends object>(parsed: Patch, raw: unknown): Patch {
  if (typeof raw !== 'object' || raw === null) return parsed;
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(raw, key))) as Patch;
}
