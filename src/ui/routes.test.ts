import { describe, expect, it } from 'vitest';
import { parseHash, routeHref, type Route } from './routes';

describe('hash routes', () => {
  it('round-trips every route', () => {
    const routes: Route[] = [
      { name: 'projects' },
      { name: 'model' },
      { name: 'project', projectId: 'a-b' as never },
      { name: 'image', projectId: 'p1' as never, imageId: 'i 1' as never },
      { name: 'batch', projectId: 'p1' as never },
      { name: 'review', projectId: 'p1' as never },
      { name: 'quality', projectId: 'p/1' as never },
    ];
    for (const r of routes) expect(parseHash(routeHref(r))).toEqual(r);
  });

  it('treats empty and unknown hashes sensibly', () => {
    expect(parseHash('')).toEqual({ name: 'projects' });
    expect(parseHash('#/')).toEqual({ name: 'projects' });
    expect(parseHash('#/x/y')).toEqual({ name: 'not-found' });
    expect(parseHash('#/p/1/i')).toEqual({ name: 'not-found' });
    expect(parseHash('#/p/1/review/x')).toEqual({ name: 'not-found' });
    expect(parseHash('#/p/1/reviews')).toEqual({ name: 'not-found' });
    expect(routeHref({ name: 'quality', projectId: 'p1' as never })).toBe('#/p/p1/quality');
  });
});
