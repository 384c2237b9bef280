/**
 * Coming back online. Chrome fires no `online` event in a service worker (crbug.com/40155587), though
 * `navigator.onLine` there follows the network; Firefox's event page does get the event. So both: the event where
 * it exists, and, once a check found the browser offline, a poll of `navigator.onLine` until it is back.
 */
export interface OnlineWatchDeps {
  isOnline(): boolean;
  /** Called once per return to the network. */
  onOnline(): void;
  /** Where the `online` event is listened to (the worker's global scope). */
  events?: Pick<EventTarget, 'addEventListener'>;
  pollMs?: number;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (timer: unknown) => void;
}

export function watchOnline(deps: OnlineWatchDeps) {
  const {
    isOnline,
    onOnline,
    events,
    pollMs = 1_000,
    setInterval: startTimer = (run, ms) => setInterval(run, ms),
    clearInterval: stopTimer = (timer) => clearInterval(timer as ReturnType<typeof setInterval>),
  } = deps;
  let poll: unknown = null;

  function back() {
    if (poll !== null) stopTimer(poll);
    poll = null;
    onOnline();
  }

  events?.addEventListener('online', back);
  return {
    /** Call when the network may be gone (the worker's start, a failed pass): offline starts the poll. */
    check() {
      if (poll !== null || isOnline()) return;
      poll = startTimer(() => {
        if (isOnline()) back();
      }, pollMs);
    },
  };
}
