/** Keyboard navigation: j/k or arrows move through a list, Enter opens; `/` focuses search; g then a letter switches view. */
import { useEffect, useState } from 'react';
import type { HubRoute } from '../../utils/hub-links.ts';

/** Typing in a field must never move the list or switch views. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useListKeys(count: number, onOpen: (index: number) => void): [number, (index: number) => void] {
  const [selected, setSelected] = useState(-1);
  useEffect(() => {
    if (selected >= count) setSelected(count - 1);
  }, [count, selected]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        setSelected((index) => Math.min(count - 1, index + 1));
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        setSelected((index) => Math.max(0, index - 1));
      } else if (event.key === 'Enter' && selected >= 0) {
        event.preventDefault();
        onOpen(selected);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, selected, onOpen]);
  return [selected, setSelected];
}

export const GO_KEYS: Record<string, HubRoute> = {
  h: { view: 'home' },
  t: { view: 'teams' },
  g: { view: 'goals' },
  d: { view: 'decisions' },
  r: { view: 'rules' },
  s: { view: 'snapshot' },
  ',': { view: 'settings' },
  p: { view: 'people' },
};

/** Global keys of the hub shell. */
export function useShellKeys(navigate: (route: HubRoute) => void): void {
  useEffect(() => {
    let awaitingGo = false;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === '/') {
        // The view's own search (the decision log's) wins over the header's.
        const fields = document.querySelectorAll<HTMLInputElement>('[data-hub-search]');
        const field = fields[fields.length - 1];
        if (field) {
          event.preventDefault();
          field.focus();
          field.select();
        }
        return;
      }
      if (awaitingGo) {
        awaitingGo = false;
        const route = GO_KEYS[event.key];
        if (route) {
          event.preventDefault();
          navigate(route);
        }
        return;
      }
      if (event.key === 'g') awaitingGo = true;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
