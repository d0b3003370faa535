/**
 * src/ui/place-beside.ts: where a help link's host goes beside its target. At the end inside a
 * block of text (a heading); after inline text (same line, out of text a framework rewrites);
 * after the outermost control around the target (button, link, label, role=button, contenteditable),
 * after the <details> of a <summary>; after the target itself for inline banners. A host already
 * there, or among other hosts there, is left alone; one the page moved or deleted goes back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { placeBeside } from '../../src/ui/place-beside';

const host = (name = 'h') => {
  const el = document.createElement('guidepost-help');
  el.setAttribute('data-guidepost-host', 'inline');
  el.id = name;
  return el;
};
const $ = (id: string) => document.getElementById(id)!;
/** The body's markup with each host written as [id]. */
const page = () => document.body.innerHTML.replace(/<guidepost-help[^>]*id="(\w+)"[^>]*><\/guidepost-help>/g, '[$1]');

afterEach(() => {
  document.body.innerHTML = '';
});

describe('placeBeside', () => {
  it.each([
    ['a heading: inside, at its end', '<h2 id="t">Billing</h2>', true, '<h2 id="t">Billing[h]</h2>'],
    ['inline text: after it', '<p>See <span id="t">terms</span> here</p>', true, '<p>See <span id="t">terms</span>[h] here</p>'],
    ['a span laid out as a block: inside', '<span id="t" style="display:block">Total</span>', true, '<span id="t" style="display:block">Total[h]</span>'],
    ['text in a button: after the button', '<button id="b"><span id="t">Export</span></button>', true, '<button id="b"><span id="t">Export</span></button>[h]'],
    ['text in a link in a label: after the outermost', '<label><a href="#x"><strong id="t">Terms</strong></a></label>', true, '<label><a href="#x"><strong id="t">Terms</strong></a></label>[h]'],
    ['text in a summary: after its details', '<details><summary><strong id="t">More</strong></summary>x</details>', true, '<details><summary><strong id="t">More</strong></summary>x</details>[h]'],
    ['text in a role=tab: after it', '<div role="tab"><h3 id="t">Tab</h3></div>', true, '<div role="tab"><h3 id="t">Tab</h3></div>[h]'],
    ['editable text: after the editable', '<div contenteditable=""><p id="t">Note</p></div>', true, '<div contenteditable=""><p id="t">Note</p></div>[h]'],
    ['a heading, for an inline banner: after it', '<h2 id="t">Billing</h2>', false, '<h2 id="t">Billing</h2>[h]'],
  ])('%s', (_, markup, inside, expected) => {
    document.body.innerHTML = markup;
    placeBeside($('t'), host(), inside);
    expect(page()).toBe(expected);
  });

  it('goes back when the page deletes or moves it, and stays among other hosts there', () => {
    document.body.innerHTML = '<h2 id="t">Billing</h2><ul id="l"><li id="a">A</li><li id="b">B</li></ul>';
    const inHeading = host('h');
    placeBeside($('t'), inHeading, true);
    $('t').textContent = 'Invoices';
    placeBeside($('t'), inHeading, true);
    expect(page()).toContain('<h2 id="t">Invoices[h]</h2>');
    // Another instance's host after it: each stays where it is.
    const other = host('o');
    placeBeside($('t'), other, true);
    placeBeside($('t'), inHeading, true);
    expect(page()).toContain('<h2 id="t">Invoices[h][o]</h2>');
    const afterA = host('x');
    placeBeside($('a'), afterA, false);
    $('l').append($('a'));
    placeBeside($('a'), afterA, false);
    expect(page()).toContain('<ul id="l"><li id="b">B</li><li id="a">A</li>[x]</ul>');
  });
});
