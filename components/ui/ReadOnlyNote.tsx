import type { ReactNode } from 'react';

/** A quiet note explaining why something cannot be changed. */
export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md bg-zinc-100 px-3 py-2 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
      {children}
    </p>
  );
}
