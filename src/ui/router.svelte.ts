import { parseHash, routeHref, type Route } from './routes';

/** The current hash route as reactive state. */
export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
    });
  }

  go(route: Route): void {
    location.hash = routeHref(route);
  }
}
