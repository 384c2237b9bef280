import { useRef, useState } from 'react';

/**
 * The state of an inline picker or form opened from a button. Opening remembers what had focus (the button);
 * closing, by a pick, a save or a cancel, gives focus back to it: the picker's input is gone then, and a keyboard
 * user would otherwise be left on the page's body with no focus to see and their place lost.
 */
export function useReturnFocus<T>(closed: T): [value: T, open: (value: T) => void, close: () => void] {
  const [value, setValue] = useState<T>(closed);
  const opener = useRef<HTMLElement | null>(null);
  const open = (next: T) => {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setValue(next);
  };
  const close = () => {
    const back = opener.current;
    opener.current = null;
    setValue(closed);
    if (back?.isConnected) back.focus();
  };
  return [value, open, close];
}
