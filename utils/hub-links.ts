/**
 * Deep links into the hub. The omnibox, the sidebar, the popup and the snapshot all build hub URLs here, and the hub
 * parses its location with `parseHubRoute`, so a link and its route can never drift apart.
 */
export type HubRoute =
  | { view: 'home' }
  | { view: 'teams' }
  | { view: 'team'; id: string }
  | { view: 'goals' }
  | { view: 'goal'; id: string }
  | { view: 'decisions'; query?: string }
  | { view: 'decision'; id: string }
  /** One work item, by its key: its owner, goal, decisions and related items. */
  | { view: 'item'; key: string }
  | { view: 'rules' }
  /** Admins: connected tools, their containers and the rules they suggest. */
  | { view: 'connectors' }
  | { view: 'snapshot' }
  | { view: 'search'; query: string }
  | { view: 'settings' }
  /** Admins: the workspace's people, their devices and the invites. */
  | { view: 'people' }
  /** Decisions, goals and rules whose review is due. */
  | { view: 'reviews' }
  /** The weekly digest of some teams (`mine`: the user's) and a week (its local Monday), from the server. */
  | { view: 'digest'; teams?: string; week?: string };

/** The hash part of a hub URL, e.g. `#/goals/5f0c…` or `#/search?q=pricing`. */
export function hubHash(route: HubRoute): string {
  switch (route.view) {
    case 'home':
      return '#/';
    case 'team':
    case 'goal':
    case 'decision':
      return `#/${route.view}s/${encodeURIComponent(route.id)}`;
    case 'item':
      return `#/items/${encodeURIComponent(route.key)}`;
    case 'search':
      return `#/search?q=${encodeURIComponent(route.query)}`;
    case 'decisions':
      return route.query ? `#/decisions?q=${encodeURIComponent(route.query)}` : '#/decisions';
    case 'digest': {
      const params = new URLSearchParams();
      if (route.teams) params.set('teams', route.teams);
      if (route.week) params.set('week', route.week);
      const query = params.toString();
      return query ? `#/digest?${query}` : '#/digest';
    }
    default:
      return `#/${route.view}`;
  }
}

/** A full hub URL given the extension's base URL (`browser.runtime.getURL('/hub.html')`). */
export function hubUrl(hubPageUrl: string, route: HubRoute): string {
  return `${hubPageUrl}${hubHash(route)}`;
}

const singular = { teams: 'team', goals: 'goal', decisions: 'decision' } as const;

/** The route of a hub location hash; anything unknown is the home view, never an error page. */
export function parseHubRoute(hash: string): HubRoute {
  const [path = '', queryString = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryString);
  const query = params.get('q') ?? '';
  const [section, id] = parts;
  if (section === 'search') return { view: 'search', query };
  if (section === 'items' && id) return { view: 'item', key: id };
  if (section === 'decisions' && !id) return query ? { view: 'decisions', query } : { view: 'decisions' };
  if (section === 'teams' || section === 'goals' || section === 'decisions') {
    return id ? { view: singular[section], id } : { view: section };
  }
  if (section === 'digest') {
    const teams = params.get('teams');
    const week = params.get('week');
    return { view: 'digest', ...(teams ? { teams } : {}), ...(week ? { week } : {}) };
  }
  if (
    section === 'rules' ||
    section === 'connectors' ||
    section === 'snapshot' ||
    section === 'settings' ||
    section === 'people' ||
    section === 'reviews'
  ) {
    return { view: section };
  }
  return { view: 'home' };
}
