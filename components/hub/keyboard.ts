/** Keyboard navigation: j/k or arrows move through a list, Enter opens; `/` focuses search; g then a letter switches view. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HubRoute } from '../../utils/hub-links.ts';

/** Typing in a field must never move the list or switch views. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The keyboard selection of a list: j/k or arrows move it, Enter opens it. It follows a row, by key, not a position:
 * when rows arrive above it (a colleague's decision landing through the live stream) or go, it stays on the same
 * row, and the keys go on from there. If the selected row itself goes, the row now at its place is selected.
 * Returns the selected row's index (-1 for none) and a way to select an index.
 */
export function useListKeys<T>(
  rows: readonly T[],
  rowKey: (row: T) => string,
  onOpen: (index: number) => void,
): [number, (index: number) => void] {
  const [selection, setSelection] = useState<{ key: string; index: number } | null>(null);
  // The key function may be a new closure on every render: only the rows and the selection decide the index.
  const keyOf = useRef(rowKey);
  keyOf.current = rowKey;
  const selected = useMemo(() => {
    if (!selection || rows.length === 0) return -1;
    const at = rows[selection.index];
    if (at !== undefined && keyOf.current(at) === selection.key) return selection.index;
    const found = rows.findIndex((row) => keyOf.current(row) === selection.key);
    return found >= 0 ? found : Math.min(selection.index, rows.length - 1);
  }, [rows, selection]);
  const select = useCallback(
    (index: number) => {
      const row = rows[index];
      setSelection(row === undefined ? null : { key: keyOf.current(row), index });
    },
    [rows],
  );
  useEffect(() => {
    const count = rows.length;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        select(Math.min(count - 1, selected + 1));
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        select(Math.max(0, selected - 1));
      } else if (event.key === 'Enter' && selected >= 0) {
        event.preventDefault();
        onOpen(selected);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selected, select, onOpen]);
  return [selected, select];
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
