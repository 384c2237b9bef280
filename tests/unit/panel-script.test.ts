import { describe, expect, it } from 'vitest';
import { createPanelScriptHandler, PANEL_SCRIPT } from '../../utils/background/panel-script.ts';
import { createMessageRouter, type MessageHandlers } from '../../utils/messaging/router.ts';

const identity = { extensionId: 'hallway-id', extensionOrigin: 'chrome-extension://hallway-id/' };
const contentSender = { id: 'hallway-id', url: 'https://acme.atlassian.net/browse/PAY-1', frameId: 0, tab: { id: 7 } };

function recordingRouter() {
  const injected: unknown[] = [];
  const handlers = createPanelScriptHandler(async (injection) => void injected.push(injection));
  return { route: createMessageRouter(handlers as MessageHandlers, identity), injected };
}

describe('sidebar.loadPanel', () => {
  it("runs the panel script in the asking content script's own tab, top frame only", async () => {
    const { route, injected } = recordingRouter();
    expect(await route({ type: 'sidebar.loadPanel', data: {} }, contentSender)).toEqual({
      ok: true,
      value: { loaded: true },
    });
    expect(injected).toEqual([{ target: { tabId: 7, frameIds: [0] }, files: [PANEL_SCRIPT], injectImmediately: true }]);
  });

  it('is refused to a sub-frame, another extension and a sender without a tab, and injects nothing', async () => {
    const { route, injected } = recordingRouter();
    const message = { type: 'sidebar.loadPanel', data: {} };
    for (const sender of [
      { ...contentSender, frameId: 2 },
      { ...contentSender, id: 'other-extension' },
      { id: 'hallway-id', url: 'https://acme.atlassian.net/browse/PAY-1' },
    ]) {
      expect(await route(message, sender)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(injected).toEqual([]);
  });

  it('answers an error where the browser cannot inject (the tab went away), never a half-loaded success', async () => {
    const handlers = createPanelScriptHandler(async () => Promise.reject(new Error('No tab with id: 7.')));
    const route = createMessageRouter(handlers as MessageHandlers, identity);
    expect(await route({ type: 'sidebar.loadPanel', data: {} }, contentSender)).toMatchObject({
      ok: false,
      error: { message: 'No tab with id: 7.' },
    });
  });
});
