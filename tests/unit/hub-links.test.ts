import { describe, expect, it } from 'vitest';
import { type HubRoute, hubHash, hubUrl, parseHubRoute } from '../../utils/hub-links.ts';

describe('hub deep links', () => {
  const routes: HubRoute[] = [
    { view: 'home' },
    { view: 'teams' },
    { view: 'team', id: '0b6f1c1e-2f0a-4c4e-9a55-0f7d2b1c9e11' },
    { view: 'goals' },
    { view: 'goal', id: 'a1' },
    { view: 'decisions' },
    { view: 'decisions', query: 'retry policy' },
    { view: 'decision', id: 'd/with?odd#chars' },
    { view: 'item', key: 'jira:acme.atlassian.net/PAY-1' },
    { view: 'rules' },
    { view: 'snapshot' },
    { view: 'settings' },
    { view: 'people' },
    { view: 'search', query: 'pay & <refunds> 100%' },
  ];

  it('parses back every link it builds', () => {
    for (const route of routes) expect(parseHubRoute(hubHash(route))).toEqual(route);
  });

  it('builds full URLs from the hub page URL', () => {
    expect(hubUrl('chrome-extension://abc/hub.html', { view: 'goal', id: 'g1' })).toBe(
      'chrome-extension://abc/hub.html#/goals/g1',
    );
  });

  it('falls back to home for unknown or empty locations', () => {
    expect(parseHubRoute('')).toEqual({ view: 'home' });
    expect(parseHubRoute('#/nowhere/1')).toEqual({ view: 'home' });
    expect(parseHubRoute('#/search')).toEqual({ view: 'search', query: '' });
  });
});
