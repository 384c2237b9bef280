import type { ButtonHTMLAttributes } from 'react';
import { useActionsPaused } from './pause.ts';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'link' | 'plain';

const variants: Record<Variant, string> = {
  primary: 'bg-brand-600 text-white shadow-sm hover:bg-brand-700 disabled:bg-brand-600/50',
  secondary:
    'border border-zinc-300 bg-white text-zinc-800 shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  ghost: 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
  danger: 'bg-red-600 text-white shadow-sm hover:bg-red-700 disabled:bg-red-600/50',
  link: 'underline',
  /** No look of its own: the caller's `className` styles it (a segmented control's choice). */
  plain: '',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  /** `inline`: no box of its own, for a button inside a line of text. */
  size?: 'sm' | 'md' | 'inline';
  /** Acts even while the sidebar's actions are paused: only for what cannot hurt when done unseen (closing). */
  pauseExempt?: boolean;
}

const sizes = { sm: 'h-7 px-2.5 text-xs', md: 'h-8 px-3 text-[13px]', inline: '' };

/**
 * The one button. Inside the sidebar it obeys the action pause: disabled while the page covers the sidebar, inert
 * (`aria-disabled`, its clicks dropped by the sidebar's guard) while the sidebar settles after being uncovered.
 */
export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  type = 'button',
  pauseExempt = false,
  disabled,
  ...props
}: ButtonProps) {
  const paused = useActionsPaused();
  const obeys = paused && !pauseExempt;
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${sizes[size]} ${variants[variant]} ${className}`}
      disabled={disabled || (obeys && paused === 'covered')}
      aria-disabled={obeys || undefined}
      data-pause-exempt={pauseExempt || undefined}
      {...props}
    />
  );
}
