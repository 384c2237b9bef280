// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from '../../utils/page/script-context.ts';

describe("the content scripts' context", () => {
  it('is invalidated by the same script started again on the page, not by another script or by itself', () => {
    const first = new ContentScriptContext('work-item');
    const other = new ContentScriptContext('work-item-gmail');
    const invalidated = vi.fn();
    first.onInvalidated(invalidated);
    expect(first.isInvalid).toBe(false);
    const second = new ContentScriptContext('work-item');
    expect(first.isInvalid).toBe(true);
    expect(first.signal.aborted).toBe(true);
    expect(invalidated).toHaveBeenCalledOnce();
    expect(second.isInvalid).toBe(false);
    expect(other.isInvalid).toBe(false);
  });

  it("announces nothing to the page's window (WXT's posted the extension's id to it)", () => {
    const posted = vi.fn();
    window.addEventListener('message', posted);
    const context = new ContentScriptContext('work-item');
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        window.removeEventListener('message', posted);
        expect(posted).not.toHaveBeenCalled();
        expect(context.isValid).toBe(true);
        resolve();
      }, 10),
    );
  });

  it('removes its listeners once invalidated: a removed callback is not called', () => {
    const context = new ContentScriptContext('work-item-notion');
    const kept = vi.fn();
    const removed = vi.fn();
    context.onInvalidated(kept);
    context.onInvalidated(removed)();
    new ContentScriptContext('work-item-notion');
    expect(kept).toHaveBeenCalledOnce();
    expect(removed).not.toHaveBeenCalled();
  });
});
