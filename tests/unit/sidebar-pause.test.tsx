// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSidebarPause } from '../../components/sidebar/action-guard.ts';
import { Button } from '../../components/ui/Button.tsx';
import { Picker } from '../../components/ui/Picker.tsx';
import { ActionsPauseContext } from '../../components/ui/pause.ts';
import {
  type ActionsPause,
  actionsPause,
  dropsEvent,
  type GuardTarget,
  MIN_VISIBLE_MS,
} from '../../utils/sidebar-host/pause.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = 1_800_000_000_000;
const clear = (at: number) => ({ clear: true, reason: '', at });
const seen = { visible: true, since: NOW - 10_000 };

describe('the action pause: the sidebar acts only while it is seen', () => {
  it('pauses while either check says the sidebar is hidden or covered, and says why', () => {
    expect(
      actionsPause({ host: { clear: false, reason: 'zoomed by the page', at: NOW - 5000 }, frame: seen, now: NOW }),
    ).toEqual({ state: 'covered', reason: 'zoomed by the page' });
    expect(actionsPause({ host: clear(NOW - 5000), frame: { visible: false, since: NOW - 5000 }, now: NOW })).toEqual({
      state: 'covered',
      reason: 'hidden from the browser',
    });
  });

  it('keeps actions inert for the minimum time after either check last changed, then lets them act', () => {
    const uncovered = NOW - 100;
    expect(actionsPause({ host: clear(uncovered), frame: seen, now: NOW })).toEqual({
      state: 'settling',
      until: uncovered + MIN_VISIBLE_MS,
    });
    expect(actionsPause({ host: clear(uncovered), frame: seen, now: uncovered + MIN_VISIBLE_MS })).toEqual({
      state: 'on',
    });
    // The frame saw a change later than the content script: its time counts.
    expect(actionsPause({ host: clear(NOW - 5000), frame: { visible: true, since: NOW - 200 }, now: NOW })).toEqual({
      state: 'settling',
      until: NOW - 200 + MIN_VISIBLE_MS,
    });
    expect(actionsPause({ host: clear(NOW - 5000), frame: seen, now: NOW })).toEqual({ state: 'on' });
    // Longer than a double-click (the attack's second click came up to 600 ms later).
    expect(MIN_VISIBLE_MS).toBeGreaterThanOrEqual(600);
  });
});

describe('the sidebar guard', () => {
  const on: ActionsPause = { state: 'on' };
  const covered: ActionsPause = { state: 'covered', reason: 'covered by the page' };
  const settling: ActionsPause = { state: 'settling', until: NOW };
  const button: GuardTarget = { exempt: false, textEntry: 'none' };
  const input: GuardTarget = { exempt: false, textEntry: 'line' };
  const textarea: GuardTarget = { exempt: false, textEntry: 'multiline' };
  const close: GuardTarget = { exempt: true, textEntry: 'none' };
  const click = { type: 'click', isTrusted: true, detail: 1 };
  const enter = { type: 'keydown', isTrusted: true, key: 'Enter' };

  it('drops what a script made up and the later clicks of a double-click, paused or not', () => {
    expect(dropsEvent({ ...click, isTrusted: false }, on, button)).toBe(true);
    expect(dropsEvent({ type: 'input', isTrusted: false }, on, input)).toBe(true);
    expect(dropsEvent({ ...click, detail: 2 }, on, button)).toBe(true);
    expect(dropsEvent({ type: 'dblclick', isTrusted: true, detail: 2 }, on, button)).toBe(true);
    expect(dropsEvent(click, on, button)).toBe(false);
    expect(dropsEvent(enter, on, input)).toBe(false);
  });

  it('drops every activation while covered or settling, except on exempt controls and typing', () => {
    for (const pause of [covered, settling]) {
      expect(dropsEvent(click, pause, button)).toBe(true);
      expect(dropsEvent({ type: 'auxclick', isTrusted: true, detail: 1 }, pause, button)).toBe(true);
      expect(dropsEvent({ type: 'submit', isTrusted: true }, pause, button)).toBe(true);
      // Enter picks in a picker and submits from a field; Ctrl+Enter saves from the rationale.
      expect(dropsEvent(enter, pause, input)).toBe(true);
      expect(dropsEvent({ ...enter, ctrlKey: true }, pause, textarea)).toBe(true);
      expect(dropsEvent({ type: 'keydown', isTrusted: true, key: ' ' }, pause, button)).toBe(true);
      // Typing stays typing; Escape still closes; the close button still closes.
      expect(dropsEvent(enter, pause, textarea)).toBe(false);
      expect(dropsEvent({ type: 'keydown', isTrusted: true, key: ' ' }, pause, input)).toBe(false);
      expect(dropsEvent({ type: 'keydown', isTrusted: true, key: 'a' }, pause, input)).toBe(false);
      expect(dropsEvent({ type: 'keydown', isTrusted: true, key: 'Escape' }, pause, button)).toBe(false);
      expect(dropsEvent(click, pause, close)).toBe(false);
    }
  });
});

describe('actionable primitives under the pause', () => {
  let container: HTMLDivElement;
  const mounted: { root: Root; container: HTMLDivElement }[] = [];
  afterEach(() => {
    for (const { root, container } of mounted.splice(0)) {
      act(() => root.unmount());
      container.remove();
    }
  });
  function render(pause: ActionsPause, children: React.ReactNode) {
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    mounted.push({ root, container });
    act(() => root.render(<ActionsPauseContext.Provider value={pause}>{children}</ActionsPauseContext.Provider>));
  }
  const options = [
    { id: 'payments', label: 'Payments' },
    { id: 'growth', label: 'Growth' },
  ];
  /** The options show before anything is typed; nothing here types. */
  const noSearch = async () => [];

  for (const pause of [
    { state: 'covered', reason: 'covered by the page' },
    { state: 'settling', until: NOW },
  ] as const) {
    it(`picker options do not pick while ${pause.state}, by click or Enter`, () => {
      const onPick = vi.fn();
      render(pause, <Picker label="Owning team" options={options} search={noSearch} onPick={onPick} />);
      const option = container.querySelector<HTMLElement>('[role="option"]');
      expect(option?.getAttribute('aria-disabled')).toBe('true');
      act(() => option?.click());
      const input = container.querySelector('input') as HTMLInputElement;
      act(() => {
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      });
      expect(onPick).not.toHaveBeenCalled();
    });
  }

  it('picker options pick when actions are on', () => {
    const onPick = vi.fn();
    render({ state: 'on' }, <Picker label="Owning team" options={options} search={noSearch} onPick={onPick} />);
    act(() => container.querySelectorAll<HTMLElement>('[role="option"]')[1]?.click());
    expect(onPick).toHaveBeenCalledWith(options[1]);
  });

  it('buttons are disabled while covered, inert while settling, and exempt ones stay live', () => {
    const states = { covered: { state: 'covered', reason: 'x' }, settling: { state: 'settling', until: NOW } } as const;
    const read = (pause: ActionsPause) => {
      const onClick = vi.fn();
      render(
        pause,
        <>
          <Button onClick={onClick}>Set owner</Button>
          <Button pauseExempt onClick={onClick}>
            Close
          </Button>
        </>,
      );
      const [action, exempt] = [...container.querySelectorAll('button')];
      return {
        disabled: action?.disabled,
        ariaDisabled: action?.getAttribute('aria-disabled'),
        exempt: [exempt?.disabled, exempt?.getAttribute('aria-disabled'), exempt?.dataset.pauseExempt],
      };
    };
    expect(read(states.covered)).toEqual({ disabled: true, ariaDisabled: 'true', exempt: [false, null, 'true'] });
    expect(read(states.settling)).toEqual({ disabled: false, ariaDisabled: 'true', exempt: [false, null, 'true'] });
    expect(read({ state: 'on' })).toEqual({ disabled: false, ariaDisabled: null, exempt: [false, null, 'true'] });
  });
});

/** Renders the pause hook and records each state it renders with. */
function Probe({ onScreen, states }: { onScreen: boolean; states: string[] }) {
  const pause = useSidebarPause({ clear: true, reason: '', at: NOW - 60_000 }, onScreen, 'jira:PAY-1');
  states.push(pause.state);
  return null;
}

describe('the sidebar pause hook', () => {
  it('never renders actions on at the moment the frame sees the sidebar again: the wait starts in that render', () => {
    const states: string[] = [];
    vi.useFakeTimers({ now: NOW });
    const container = document.createElement('div');
    const root = createRoot(container);
    try {
      act(() => root.render(<Probe onScreen={true} states={states} />));
      vi.setSystemTime(NOW + 5000);
      act(() => root.render(<Probe onScreen={false} states={states} />));
      vi.setSystemTime(NOW + 10_000);
      states.length = 0;
      act(() => root.render(<Probe onScreen={true} states={states} />));
      act(() => root.unmount());
    } finally {
      vi.useRealTimers();
    }
    expect(states.length).toBeGreaterThan(0);
    expect(states).not.toContain('on');
    expect(states[0]).toBe('settling');
  });
});
