import { describe, expect, it } from 'vitest';
import { parseContentPush } from '../../utils/messaging/channels.ts';
import { SETTINGS_KEY, zSettings, zSidebarPlace } from '../../utils/settings.ts';
import { launcherText } from '../../utils/sidebar-host/launcher-text.ts';
import { clampWidth, effectiveMode, MIN_WIDTH } from '../../utils/sidebar-host/layout.ts';
import {
  parseSharedSettings,
  parseSitePrefs,
  SHARED_SETTINGS_KEY,
  sidebarPlaceOf,
} from '../../utils/sidebar-host/settings.ts';

const summary = {
  itemKey: 'jira:acme.atlassian.net/PAY-1',
  team: 'Payments',
  goal: 'SEPA GA',
  decisions: 2,
  pending: 0,
};

describe('sidebar host', () => {
  it('keeps the width between 280 px and what leaves the page usable', () => {
    expect(clampWidth(100, 1280)).toBe(MIN_WIDTH);
    expect(clampWidth(500, 1280)).toBe(500);
    expect(clampWidth(900, 1280)).toBe(720);
    expect(clampWidth(500, 700)).toBe(380);
    expect(clampWidth(500, 400)).toBe(MIN_WIDTH);
    expect(effectiveMode('push', 380, 1280)).toBe('push');
    expect(effectiveMode('push', 380, 600)).toBe('overlay');
  });

  it('accepts only well-formed pushes', () => {
    // A background from before stale warnings sends none: it has none.
    expect(parseContentPush({ type: 'launcher.summary', summary })).toEqual({
      type: 'launcher.summary',
      summary: { ...summary, stale: 0, staleTitle: null },
    });
    const stale = { ...summary, stale: 2, staleTitle: 'Its goal “SEPA GA” is done' };
    expect(parseContentPush({ type: 'launcher.summary', summary: stale })).toEqual({
      type: 'launcher.summary',
      summary: stale,
    });
    expect(parseContentPush({ type: 'launcher.summary', summary: { ...summary, stale: 1.5 } })).toBeNull();
    expect(parseContentPush({ type: 'launcher.summary', summary: { ...summary, staleTitle: 3 } })).toBeNull();
    expect(parseContentPush({ type: 'launcher.summary', summary: null })).toEqual({
      type: 'launcher.summary',
      summary: null,
    });
    expect(parseContentPush({ type: 'sidebar.toggle', extra: 1 })).toEqual({ type: 'sidebar.toggle' });
    expect(parseContentPush({ type: 'launcher.summary', summary: { ...summary, decisions: -1 } })).toBeNull();
    expect(parseContentPush({ type: 'launcher.summary', summary: { ...summary, team: 'x'.repeat(201) } })).toBeNull();
    expect(parseContentPush({ type: 'sidebar.open' })).toBeNull();
    expect(parseContentPush('sidebar.toggle')).toBeNull();
  });

  it('words the launcher for owned, unowned and pending items', () => {
    expect(launcherText(summary)).toMatchObject({ team: 'Payments', detail: 'SEPA GA · 2 decisions', unowned: false });
    const unowned = launcherText({ ...summary, team: null, goal: null, decisions: 1, pending: 2 });
    expect(unowned).toMatchObject({ team: 'Unowned', detail: 'No goal · 1 decision · 2 pending', unowned: true });
    expect(unowned.label).toBe('Open Hallway sidebar. Unowned, no goal, 1 decision, 2 pending.');
    expect(unowned.stale).toBe(false);
  });

  it('words the launcher for an item with stale warnings: first on the detail line, and the first one named', () => {
    const text = launcherText({ ...summary, stale: 2, staleTitle: '“Retry 3 times” was superseded' });
    expect(text).toMatchObject({ detail: '⚠ 2 warnings · SEPA GA · 2 decisions', stale: true });
    expect(text.label).toBe(
      'Open Hallway sidebar. Owned by Payments, goal SEPA GA, 2 decisions. 2 stale warnings: “Retry 3 times” was superseded.',
    );
  });

  it('reads the shared settings and per-tool prefs defensively', () => {
    expect(SHARED_SETTINGS_KEY).toBe(SETTINGS_KEY);
    expect(parseSharedSettings({ enabledSites: { gmail: false }, theme: 'dark' }, 'gmail')).toEqual({
      enabled: false,
      theme: 'dark',
      place: 'page',
    });
    expect(parseSharedSettings({ enabledSites: { gmail: 'no' }, theme: 'neon', sidebarPlace: 'tab' }, 'gmail')).toEqual(
      {
        enabled: true,
        theme: 'system',
        place: 'page',
      },
    );
    expect(parseSitePrefs({ open: true, mode: 'push', width: 10 })).toEqual({ open: true, mode: 'push', width: 280 });
    expect(parseSitePrefs('garbage')).toEqual({ open: false, mode: 'overlay', width: 380 });
  });

  it("reads where the sidebar opens: the tool's own choice, else the global one, else in the page", () => {
    const shared = { sidebarPlace: 'panel', sitePlaces: { gmail: 'page', jira: 'panel', asana: 'window' } };
    expect(sidebarPlaceOf(shared, 'gmail')).toBe('page');
    expect(sidebarPlaceOf(shared, 'jira')).toBe('panel');
    // A value the settings would not accept is no choice: the global one applies.
    expect(sidebarPlaceOf(shared, 'asana')).toBe('panel');
    expect(sidebarPlaceOf(shared, 'notion')).toBe('panel');
    // A tab without a work item follows the global choice.
    expect(sidebarPlaceOf(shared, null)).toBe('panel');
    expect(sidebarPlaceOf({ sitePlaces: { notion: 'panel' } }, 'notion')).toBe('panel');
    expect(sidebarPlaceOf({ sitePlaces: { notion: 'panel' } }, 'jira')).toBe('page');
    expect(sidebarPlaceOf(undefined, 'jira')).toBe('page');
    expect(sidebarPlaceOf('garbage', null)).toBe('page');
    // The same values the options page's settings validate, and their defaults.
    expect(zSidebarPlace.options.map((place) => sidebarPlaceOf({ sidebarPlace: place }, null))).toEqual(
      zSidebarPlace.options,
    );
    expect(zSettings.parse({})).toMatchObject({ sidebarPlace: 'page', sitePlaces: {} });
    expect(zSettings.safeParse({ sitePlaces: { jira: 'window' } }).success).toBe(false);
  });
});
