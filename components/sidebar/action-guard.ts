import { useEffect, useRef, useState } from 'react';
import { type Exposure, UNCHECKED_EXPOSURE } from '../../utils/messaging/channels.ts';
import {
  type ActionsPause,
  actionsPause,
  dropsEvent,
  GUARDED_EVENTS,
  type GuardTarget,
} from '../../utils/sidebar-host/pause.ts';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', 'password', 'number', '']);

function targetOf(event: Event): GuardTarget {
  const element = event.target instanceof Element ? event.target : null;
  const exempt = Boolean(element?.closest('[data-pause-exempt]'));
  if (element instanceof HTMLTextAreaElement || (element instanceof HTMLElement && element.isContentEditable)) {
    return { exempt, textEntry: 'multiline' };
  }
  const line = element instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(element.type);
  return { exempt, textEntry: line ? 'line' : 'none' };
}

/**
 * The sidebar's action pause (rules in `utils/sidebar-host/pause.ts`) from the content script's verdict, the
 * frame's own visibility check and the item shown: any change of one restarts the wait before actions act again.
 * Re-renders when a wait ends.
 */
export function useSidebarPause(exposure: Exposure | undefined, onScreen: boolean, itemKey: string | null) {
  // Noted in the render that sees the change, not in an effect after it: that render must already wait, or the
  // controls would act for one commit. A render React throws away only moves the start later, never earlier.
  const seen = useRef<{ onScreen: boolean; itemKey: string | null; since: number } | null>(null);
  if (seen.current?.onScreen !== onScreen || seen.current.itemKey !== itemKey) {
    seen.current = { onScreen, itemKey, since: Date.now() };
  }
  const pause = actionsPause({
    host: exposure ?? UNCHECKED_EXPOSURE,
    frame: { visible: onScreen, since: seen.current.since },
    now: Date.now(),
  });
  const until = pause.state === 'settling' ? pause.until : 0;
  const [, setWoken] = useState(0);
  useEffect(() => {
    if (!until) return;
    const timer = setTimeout(() => setWoken(Date.now()), Math.max(0, until - Date.now()) + 1);
    return () => clearTimeout(timer);
  }, [until]);
  return pause;
}

/**
 * Drops, before React or any element sees them, the events the pause rules refuse: whatever a script made up,
 * double-click repeats, and every activation while actions are paused. Covers every control the sidebar has or
 * will have, whatever it is built from.
 */
export function useActionGuard(pause: ActionsPause): void {
  const current = useRef(pause);
  current.current = pause;
  useEffect(() => {
    const guard = (event: Event) => {
      const { type, isTrusted } = event;
      const { detail } = event as UIEvent;
      const { key, ctrlKey, metaKey } = event as KeyboardEvent;
      if (!dropsEvent({ type, isTrusted, detail, key, ctrlKey, metaKey }, current.current, targetOf(event))) return;
      event.stopImmediatePropagation();
      event.preventDefault();
    };
    for (const type of GUARDED_EVENTS) window.addEventListener(type, guard, true);
    return () => {
      for (const type of GUARDED_EVENTS) window.removeEventListener(type, guard, true);
    };
  }, []);
}
