import { describe, expect, it } from 'vitest';
import { watchOnline } from '../../utils/sync/online.ts';

/** A scripted `navigator.onLine` and poll timer: ticks run only when the test fires them. */
function harness() {
  let onLine = true;
  let returns = 0;
  const timers: { run: () => void; cleared: boolean }[] = [];
  const events = new EventTarget();
  const watch = watchOnline({
    isOnline: () => onLine,
    onOnline: () => {
      returns += 1;
    },
    events,
    setInterval: (run) => {
      const timer = { run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearInterval: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  });
  const tick = () => {
    for (const timer of timers) if (!timer.cleared) timer.run();
  };
  const polling = () => timers.filter((timer) => !timer.cleared).length;
  return {
    watch,
    events,
    tick,
    polling,
    returns: () => returns,
    setOnline(value: boolean) {
      onLine = value;
    },
  };
}

describe('coming back online', () => {
  it('notices the return through navigator.onLine when no online event comes (a Chrome service worker)', () => {
    const h = harness();
    h.setOnline(false);
    h.watch.check();
    h.watch.check();
    expect(h.polling()).toBe(1);
    h.tick();
    expect(h.returns()).toBe(0);

    h.setOnline(true);
    h.tick();
    expect(h.returns()).toBe(1);
    expect(h.polling()).toBe(0);
    h.tick();
    expect(h.returns()).toBe(1);
  });

  it('does not poll while the browser says it is online, and still hears the online event where there is one', () => {
    const h = harness();
    h.watch.check();
    expect(h.polling()).toBe(0);
    h.events.dispatchEvent(new Event('online'));
    expect(h.returns()).toBe(1);

    h.setOnline(false);
    h.watch.check();
    h.setOnline(true);
    h.events.dispatchEvent(new Event('online'));
    expect(h.returns()).toBe(2);
    expect(h.polling()).toBe(0);
  });
});
