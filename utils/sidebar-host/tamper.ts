/**
 * Keeps the page's hands off the shadow host, as Bitwarden's inline menu does: attributes the page sets on it are
 * removed (styles, classes, `hidden`, `inert`...), a host taken out of the document is put back, and after
 * `maxTampering` interferences the sidebar gives up and removes itself rather than be steered.
 */
export interface HostGuardOptions {
  host: HTMLElement;
  /** Where the host lives: the document element. */
  parent: Element;
  signal: AbortSignal;
  maxTampering?: number;
  onGiveUp(): void;
  MutationObserver: typeof MutationObserver;
}

export function guardHost({
  host,
  parent,
  signal,
  maxTampering = 10,
  onGiveUp,
  MutationObserver: Observer,
}: HostGuardOptions) {
  let tampering = 0;
  const restore = () => {
    for (const name of host.getAttributeNames()) host.removeAttribute(name);
    if (host.parentNode !== parent) parent.append(host);
  };
  const observer = new Observer((records) => {
    const touched = records.some(
      (record) =>
        (record.type === 'attributes' && record.target === host) ||
        (record.type === 'childList' && [...record.removedNodes].includes(host)),
    );
    if (!touched) return;
    tampering += 1;
    if (tampering >= maxTampering) {
      observer.disconnect();
      onGiveUp();
      return;
    }
    restore();
    // Our own repairs queue records too: drop them, they are not the page's.
    observer.takeRecords();
  });
  observer.observe(host, { attributes: true });
  observer.observe(parent, { childList: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return {
    get tampering() {
      return tampering;
    },
    stop: () => observer.disconnect(),
  };
}
