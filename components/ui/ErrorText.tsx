import type { ReactNode } from 'react';

/** An error message announced to assistive technology; renders nothing when there is none. */
export function ErrorText({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-xs text-red-600 dark:text-red-400">
      {children}
    </p>
  );
}
