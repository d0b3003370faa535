/**
 * src/ui/stand-in.ts: what stands for a page element the app re-rendered (same markup, a new
 * node): the one with its id; else with its stable attribute (data-help, data-testid); else of
 * its tag and name at the same place under the nearest ancestor with an id. Only an element that
 * takes focus (not disabled, not inert); nothing when nothing matches; never a throw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { standInFor } from '../../src/ui/stand-in';

afterEach(() => {
  document.body.innerHTML = '';
});

/** `html` in a fresh box with id `box` in the page; `pick` finds the element to describe. */
function described(html: string, pick: string) {
  const box = document.body.appendChild(document.createElement('div'));
  box.id = 'box';
  box.innerHTML = html;
  const lookup = standInFor(box.querySelector<HTMLElement>(pick)!);
  return { box, lookup, redraw: (next = html) => void (box.innerHTML = next) };
}

describe('standInFor', () => {
  it('is the element itself while it is in the page', () => {
    const { box, lookup } = described('<button>Go</button>', 'button');
    expect(lookup()).toBe(box.querySelector('button'));
  });

  it('after a re-render: the new element with the same id, stable attribute, or name and place', () => {
    for (const [html, pick] of [
      ['<button id="go">Go</button>', '#go'],
      ['<button data-help="start">Go</button><button>Go</button>', '[data-help=start]'],
      ['<button>Go</button><button data-testid="start">Go</button>', '[data-testid=start]'],
      ['<button>Go</button><p><button class="two">Go</button></p><button>Go</button>', '.two'],
      ['<button>Other</button><button class="mine">Start the tour</button>', '.mine'],
    ]) {
      const { box, lookup, redraw } = described(html, pick);
      redraw();
      expect(lookup(), html).toBe(box.querySelector(pick));
      box.remove();
    }
  });

  it('a name of its own in a list that lost items before it: the only one of that name left', () => {
    const { box, lookup, redraw } = described('<a href="#1">One</a><a href="#2">Two</a><a href="#3" class="tour">Tour</a>', '.tour');
    redraw('<a href="#3">Tour</a>');
    expect(lookup()).toBe(box.querySelector('a'));
  });

  it('nothing that matches, or only what takes no focus: null', () => {
    const { lookup, redraw } = described('<button>Go</button>', 'button');
    redraw('<button>Stop</button>');
    expect(lookup()).toBeNull();
    redraw('<button disabled>Go</button>');
    expect(lookup()).toBeNull();
    redraw('<div inert><button>Go</button></div>');
    expect(lookup()).toBeNull();
    redraw('<span>Go</span>');
    expect(lookup()).toBeNull();
  });

  it('its scope gone (the ancestor with an id left with it): null, not a look-alike elsewhere', () => {
    const { box, lookup } = described('<button>Go</button>', 'button');
    box.remove();
    document.body.innerHTML = '<button>Go</button>';
    expect(lookup()).toBeNull();
  });

  it('an id or a value CSS must escape never throws', () => {
    const { box, lookup, redraw } = described('<button id="a]b&quot;c">Go</button><button data-help=\'x"]\'>Help</button>', 'button');
    redraw();
    expect(lookup()).toBe(box.querySelector('button'));
    const other = standInFor(box.querySelectorAll('button')[1] as HTMLElement);
    redraw();
    expect(other()).toBe(box.querySelectorAll('button')[1]);
  });
});
