/**
 * pathIsWithin (src/dom/routes.ts): the one rule for comparing a manifest's routes with the page's
 * path, used for a step's `route`, its `advanceOn.route` and "Take me there". Pure: runs in Node.
 */
import { describe, expect, it } from 'vitest';
import { pathIsWithin } from '../../src/dom/routes';

describe('pathIsWithin(route, path)', () => {
  it.each([
    ['/projects', '/projects'],
    ['/projects', '/projects/'],
    ['/projects', '/projects/42'],
    ['/projects', '/projects/42/settings'],
    ['/projects/', '/projects/'],
    ['/projects/', '/projects/42'],
    ['/', '/'],
    ['/board', '/board'],
  ])('"%s" holds "%s"', (route, path) => {
    expect(pathIsWithin(route, path)).toBe(true);
  });

  it.each([
    // Whole segments only: a longer name is another page.
    ['/projects', '/projects-archive'],
    ['/projects', '/projectsX/1'],
    ['/projects/', '/projects-archive'],
    // The home page is not every page.
    ['/', '/board'],
    ['/', '/projects/42'],
    // A page above, beside, or a prefix of the route.
    ['/projects/42', '/projects'],
    ['/projects', '/'],
    ['/board', '/projects/board'],
    // An empty route names no page (it used to match every path as a prefix).
    ['', '/'],
    ['', '/board'],
  ])('"%s" does not hold "%s"', (route, path) => {
    expect(pathIsWithin(route, path)).toBe(false);
  });
});
