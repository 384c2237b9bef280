/**
 * Returns the URL only if it is an absolute http(s) URL. Strings from pages and from the server reach `href`s, and
 * `javascript:` (in any case, with tabs or newlines) must never be one.
 */
export function safeHttpUrl(value: string | null | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:' ? value : undefined;
}
