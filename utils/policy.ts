/**
 * The admin's policy: what a company sets for every managed browser (Chrome's managed storage, checked against
 * public/managed_schema.json; Firefox's policies.json `3rdparty.Extensions`). Read-only to the extension: locked
 * values override the user's settings wherever settings are saved (`saveSettings` applies it).
 */
import { type Browser, browser } from 'wxt/browser';
import { z } from 'zod';
import { zHttpUrl, zTool } from './contract.ts';

export const zSignInMode = z.enum(['auto', 'sso', 'token']);
export type SignInMode = z.infer<typeof zSignInMode>;

/** Each key read on its own: one wrong value in a policy loses that value, not the whole policy. */
export const zPolicy = z.object({
  serverUrl: zHttpUrl.optional().catch(undefined),
  serverUrlLocked: z.boolean().optional().catch(undefined),
  signInMode: zSignInMode.optional().catch(undefined),
  disabledTools: z
    .array(z.unknown())
    .transform((tools) =>
      tools.flatMap((tool) => (zTool.safeParse(tool).success ? [tool as z.infer<typeof zTool>] : [])),
    )
    .optional()
    .catch(undefined),
});
export type Policy = z.output<typeof zPolicy>;

/**
 * The policy as the browser holds it; `{}` without one. Firefox without a policy, and browsers without managed
 * storage, reject the read: that is no policy too.
 */
export async function loadPolicy(
  area: Browser.storage.StorageArea | undefined = browser.storage?.managed,
): Promise<Policy> {
  if (!area) return {};
  try {
    const parsed = zPolicy.safeParse(await area.get(null));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Whether the user may change the server URL (a policy that sets it and locks it says no). */
export const serverUrlLocked = (policy: Policy): boolean => Boolean(policy.serverUrl && policy.serverUrlLocked);

/** How the options and the popup offer sign-in; a policy may narrow it to the provider or to a pasted token. */
export const signInModeOf = (policy: Policy): SignInMode => policy.signInMode ?? 'auto';

/** Calls `onChange` whenever the admin's policy changes (Chrome loads it a few seconds after start, too). */
export function watchPolicy(onChange: () => void): () => void {
  const listener = (_changes: unknown, area: string) => {
    if (area === 'managed') onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
