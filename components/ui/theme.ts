import type { Theme } from '../../utils/settings.ts';

/** Applies a theme to a page; `system` follows the OS and keeps following it while the page is open. */
export function applyTheme(mode: Theme, root: HTMLElement = document.documentElement): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const update = () => root.classList.toggle('dark', mode === 'dark' || (mode === 'system' && media.matches));
  update();
  if (mode !== 'system') return () => {};
  media.addEventListener('change', update);
  return () => media.removeEventListener('change', update);
}
