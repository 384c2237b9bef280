// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Arrival, useArrivals } from '../../components/shared/use-arrivals.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  vi.useRealTimers();
});

function Probe(props: { items: Arrival[] | undefined; me: string; scope: string; out: string[][] }) {
  const arrived = useArrivals(props.items, props.me, props.scope, 1_000);
  props.out.push([...arrived].sort());
  return null;
}

describe('what just arrived from someone else', () => {
  it('marks only later arrivals by others, for a moment, and starts afresh for another item', () => {
    vi.useFakeTimers();
    const out: string[][] = [];
    const root = createRoot(document.createElement('div'));
    const render = (items: Arrival[] | undefined, scope = 'PAY-1') =>
      act(() => root.render(<Probe items={items} me="Ana" scope={scope} out={out} />));
    render(undefined);
    render([{ id: 'old', by: 'Ben' }]);
    expect(out.at(-1)).toEqual([]);
    render([
      { id: 'theirs', by: 'Ben' },
      { id: 'mine', by: 'Ana' },
      { id: 'old', by: 'Ben' },
    ]);
    expect(out.at(-1)).toEqual(['theirs']);
    act(() => vi.advanceTimersByTime(600));
    // Another pull meanwhile does not keep the first arrival marked longer.
    render([
      { id: 'later', by: 'Cy' },
      { id: 'theirs', by: 'Ben' },
      { id: 'mine', by: 'Ana' },
      { id: 'old', by: 'Ben' },
    ]);
    expect(out.at(-1)).toEqual(['later', 'theirs']);
    act(() => vi.advanceTimersByTime(400));
    expect(out.at(-1)).toEqual(['later']);
    act(() => vi.advanceTimersByTime(600));
    expect(out.at(-1)).toEqual([]);
    render([{ id: 'other-item', by: 'Ben' }], 'PAY-2');
    expect(out.at(-1)).toEqual([]);
    act(() => root.unmount());
  });
});
