import type { ReactNode } from 'react';

/** What a view shows when it has nothing yet: what is missing and what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center dark:border-zinc-700">
      <p className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{title}</p>
      {children ? <div className="max-w-sm text-xs text-zinc-500 dark:text-zinc-400">{children}</div> : null}
      {action}
    </div>
  );
}
