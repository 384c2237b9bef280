/** Runs a write and keeps its error for display; resolves true when it succeeded. */
export async function attempt(
  run: () => Promise<unknown>,
  setError: (message: string | null) => void,
): Promise<boolean> {
  setError(null);
  try {
    await run();
    return true;
  } catch (error) {
    setError(error instanceof Error ? error.message : String(error));
    return false;
  }
}
