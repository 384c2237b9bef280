/**
 * The context of Hallway's content scripts: built in place of WXT's `ContentScriptContext` (wxt.config.ts aliases
 * `wxt/utils/content-script-context` to this file in content-script builds), with what the scripts use of it: the
 * abort signal, `onInvalidated` and `isInvalid`. WXT's also carries timers, a location watcher and its logger (a
 * kilobyte gzipped of every tool's script), and announces each start to the page with `window.postMessage`, naming
 * the extension's id: any page could tell Hallway is installed (which the sidebar's dynamic URL keeps from it).
 *
 * Kept from WXT: a script started again on the same page (the extension updated or reloaded) invalidates the one
 * before it through a DOM event of WXT's own name, so an older build's script stops as well.
 */
import { browser } from 'wxt/browser';

/** What a content script's code may use of its context. */
export interface ScriptContext {
  readonly signal: AbortSignal;
  /** The extension was updated, reloaded or removed (or the script started again): stop. */
  readonly isInvalid: boolean;
  /** Runs `callback` once the context is invalidated; returns its removal. */
  onInvalidated(callback: () => void): () => void;
}

export class ContentScriptContext implements ScriptContext {
  readonly #controller = new AbortController();

  /** `name`: the entrypoint's (WXT passes `import.meta.env.ENTRYPOINT`). WXT's options are not used. */
  constructor(name: string, _options?: unknown, doc: Document = document) {
    const type = `${browser.runtime?.id}:${name}:wxt:content-script-started`;
    const messageId = Math.random().toString(36).slice(2);
    // The scripts before this one stop first; this one listens for those after it.
    doc.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: name, messageId } }));
    const onStarted = (event: Event) => {
      const detail = event instanceof CustomEvent ? event.detail : null;
      if (detail?.contentScriptName === name && detail.messageId !== messageId) this.#invalidate();
    };
    doc.addEventListener(type, onStarted);
    this.onInvalidated(() => doc.removeEventListener(type, onStarted));
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get isInvalid(): boolean {
    if (browser.runtime?.id == null) this.#invalidate();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  onInvalidated(callback: () => void): () => void {
    this.signal.addEventListener('abort', callback);
    return () => this.signal.removeEventListener('abort', callback);
  }

  #invalidate() {
    this.#controller.abort('Content script context invalidated');
  }
}
