/**
 * The "superseded but still linked" pairs this user dismissed in the snapshot, in `storage.local` (a list of
 * `dismissalKey`s, validated on read: a broken value counts as none dismissed).
 */
import { type Browser, browser } from 'wxt/browser';
import { z } from 'zod';

export const DISMISSALS_KEY = 'snapshotDismissed';
/** Older dismissals are dropped first beyond this, so the value stays small. */
const MAX_DISMISSALS = 2000;
const zDismissals = z.array(z.string().max(1100)).max(MAX_DISMISSALS);

export async function loadDismissals(storage: Browser.storage.StorageArea = browser.storage.local): Promise<string[]> {
  const parsed = zDismissals.safeParse((await storage.get(DISMISSALS_KEY))[DISMISSALS_KEY]);
  return parsed.success ? parsed.data : [];
}

export async function addDismissal(
  key: string,
  storage: Browser.storage.StorageArea = browser.storage.local,
): Promise<string[]> {
  const next = [...(await loadDismissals(storage)).filter((existing) => existing !== key), key].slice(-MAX_DISMISSALS);
  await storage.set({ [DISMISSALS_KEY]: next });
  return next;
}
