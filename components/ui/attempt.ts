import { RefusedError } from '../../utils/errors.ts';
import { sayCaught } from '../../utils/i18n.ts';
import type { Result } from '../../utils/messaging/protocol.ts';

/** A refused answer of the background (`{ ok: false, error }`), whatever it answers to. */
const isRefusal = (outcome: unknown): outcome is Extract<Result<unknown>, { ok: false }> =>
  typeof outcome === 'object' && outcome !== null && (outcome as { ok?: unknown }).ok === false;

/**
 * Runs a write and keeps its error for display; resolves true when it succeeded. The write may answer a `Result`
 * (a refusal is shown, not thrown) or throw (said by `sayCaught`: an exception's own words only as its detail).
 */
export async function attempt(
  run: () => Promise<unknown>,
  setError: (message: string | null) => void,
): Promise<boolean> {
  setError(null);
  try {
    const outcome = await run();
    if (isRefusal(outcome)) {
      setError(outcome.error.message);
      return false;
    }
    return true;
  } catch (error) {
    setError(sayCaught(error));
    return false;
  }
}

/** The value of a `Result`, or its refusal thrown: for a run of writes that stops at the first refusal. */
export function orThrow<T>(result: Result<T>): T {
  if (!result.ok) throw new RefusedError(result.error);
  return result.value;
}
