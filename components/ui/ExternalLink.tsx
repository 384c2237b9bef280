import type { ReactNode } from 'react';
import { safeHttpUrl } from '../../utils/safe-url.ts';

/** A link to a URL from untrusted data: rendered as plain text unless it is http(s). */
export function ExternalLink({
  href,
  children,
  className = '',
}: {
  href: string | null | undefined;
  children: ReactNode;
  className?: string;
}) {
  const url = safeHttpUrl(href);
  if (!url) return <span className={className}>{children}</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      className={`text-brand-600 hover:underline dark:text-brand-100 ${className}`}
    >
      {children}
    </a>
  );
}
