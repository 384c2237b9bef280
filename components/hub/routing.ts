/** The hub's routes live in the URL's hash: the current one as a hook, and a way to go to another. */
import { useEffect, useState } from 'react';
import { type HubRoute, hubHash, parseHubRoute } from '../../utils/hub-links.ts';

export function useRoute(): HubRoute {
  const [route, setRoute] = useState(() => parseHubRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHubRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const navigate = (route: HubRoute) => {
  location.hash = hubHash(route);
};
