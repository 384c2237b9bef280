import type { ReactNode } from 'react';

/** A titled group within a page, with an optional count beside its title. */
export function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h2 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {title}
        {count !== undefined ? <span className="ml-1.5 font-normal text-zinc-400">{count}</span> : null}
      </h2>
      {children}
    </section>
  );
}
