/**
 * When the sidebar's actions may act: only while the sidebar is seen, and only once it has been seen for a moment
 * (the clickjacking guard). The rules here are pure; the sidebar page applies them in two places that cannot be
 * bypassed by a component forgetting them:
 *
 * - `components/ui/pause.ts`: the pause as React context. The actionable primitives (`Button`, `Picker`, the decision
 *   form) read it: disabled while covered, inert while settling. A new control built from them obeys the pause with
 *   no code of its own; `tests/unit/architecture.test.ts` fails on any handler on a plain element in the sidebar.
 * - `components/sidebar/action-guard.ts`: a capture-phase listener on the sidebar's window that drops every
 *   activation (click, Enter, Space, submit) while paused, before React or any element sees it. Mark an element
 *   `data-pause-exempt` (the close button) only if acting on it while hidden cannot hurt.
 */
import type { Exposure } from '../messaging/channels.ts';

/**
 * How long the sidebar must have been in plain view, after any change of what the page shows of it, before its
 * actions act. A decoy the page removes on `mousedown` passes the second click of a double-click on to whatever lies
 * under it 120 to 600 ms later (the double-click interval: 500 ms by default on Windows and macOS, 400 ms on GNOME;
 * the attack measured up to 600). 700 ms outlasts all of them, and the guard's own checks (every 250 ms, plus the
 * message to the frame) only add to it; yet it stays well under the second or so a person takes to move from the
 * page or the launcher to a control in the sidebar and read it, so a deliberate click is not lost. Chrome arms its
 * own permission prompts after the double-click interval for the same reason; Firefox waits 1,000 ms on dialogs.
 */
export const MIN_VISIBLE_MS = 700;

/**
 * `on`: actions act. `covered`: the page hides, covers, fades or shrinks the sidebar: controls are disabled and the
 * sidebar says why. `settling`: seen again only just now: controls look as usual but nothing acts until `until`.
 */
export type ActionsPause =
  | { state: 'on' }
  | { state: 'covered'; reason: string }
  | { state: 'settling'; until: number };

export interface PauseInputs {
  /** The content script's verdict on the panel, stamped by the background when it changed (`at`, epoch ms). */
  host: Exposure;
  /** The sidebar page's own check (IntersectionObserver v2), and since when (epoch ms) it has said so. */
  frame: { visible: boolean; since: number };
  now: number;
  minVisibleMs?: number;
}

export function actionsPause({ host, frame, now, minVisibleMs = MIN_VISIBLE_MS }: PauseInputs): ActionsPause {
  if (!host.clear) return { state: 'covered', reason: host.reason };
  if (!frame.visible) return { state: 'covered', reason: 'hidden from the browser' };
  // Seen since the later of the two: a change either check noticed restarts the wait.
  const until = Math.max(host.at, frame.since) + minVisibleMs;
  return now < until ? { state: 'settling', until } : { state: 'on' };
}

/** The parts of an input event the guard looks at. */
export interface GuardedEvent {
  type: string;
  isTrusted: boolean;
  /** For clicks: the click count (2 for a double-click's second click). */
  detail?: number;
  key?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/** What the event lands on: a control marked `data-pause-exempt`, a text field (where Space and Enter are typing). */
export interface GuardTarget {
  exempt: boolean;
  textEntry: 'none' | 'line' | 'multiline';
}

/** The events the guard listens to, in the capture phase, on the sidebar page's window. */
export const GUARDED_EVENTS = [
  'click',
  'auxclick',
  'dblclick',
  'submit',
  'keydown',
  'input',
  'change',
  'mousedown',
  'pointerdown',
] as const;

const ACTIVATIONS = new Set(['click', 'auxclick', 'dblclick', 'submit']);

/**
 * Whether the guard drops `event` before anything in the sidebar sees it: every event a script made up (`isTrusted`
 * false), a double-click's later clicks (the sidebar has no double-click action, and a decoy relies on them), and,
 * while actions are paused, every activation of a control that is not exempt.
 */
export function dropsEvent(event: GuardedEvent, pause: ActionsPause, target: GuardTarget): boolean {
  if (!event.isTrusted) return true;
  if (event.type === 'dblclick' || (event.type === 'click' && (event.detail ?? 0) > 1)) return true;
  if (pause.state === 'on' || target.exempt) return false;
  if (ACTIVATIONS.has(event.type)) return true;
  if (event.type !== 'keydown') return false;
  if (event.key === 'Enter') return target.textEntry !== 'multiline' || Boolean(event.ctrlKey || event.metaKey);
  return event.key === ' ' && target.textEntry === 'none';
}
