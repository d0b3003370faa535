/**
 * The probe `guidepost check` runs inside the app's page. It is kept as plain JavaScript
 * source, not a function: a function would be serialized with `toString()` after whatever
 * transform compiled the CLI (rollup here, a test runner or a user's bundler elsewhere), and
 * injected helpers such as esbuild's `__name` do not exist in the page.
 *
 * The search mirrors `deepQuerySelector` in src/dom/targets.ts, so the first match is the
 * element the SDK would use: light DOM first (document order), then open shadow roots
 * depth first, never inside Guidepost's own hosts; closed shadow roots and iframes are not
 * searched. page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.
 */

export interface ProbeInput {
  /** One entry per target: the SDK's selectors in the order it tries them, and the iframe they are in, if any. */
  targets: { selectors: string[]; frame?: string }[];
  /** Only count matches (used while waiting for late targets). */
  countOnly?: boolean;
}

export interface ProbeResult {
  /** Matches per selector, in order; a string when the browser refused the selector. */
  counts: (number | string)[];
  /** Index of the first selector that matched, or -1. */
  matched: number;
  /** Description of the first match, e.g. `button#new-project[data-help="new-project"]`. */
  element?: string;
  /** True when the first match is inside an open shadow root. */
  inShadowRoot?: boolean;
  visible?: boolean;
  hiddenReason?: string;
  /** Box in CSS pixels, relative to the document. */
  box?: { x: number; y: number; width: number; height: number };
  /** Undefined when it could not be decided (no point of the element on screen). */
  covered?: boolean;
  coveredBy?: string;
}

export const PROBE_SOURCE = String.raw`(input) => {
  var OWN = { 'GUIDEPOST-ROOT': true, 'GUIDEPOST-HELP': true };

  function deepAll(root, selector, out) {
    var direct = root.querySelectorAll(selector);
    for (var i = 0; i < direct.length; i++) out.push(direct[i]);
    var doc = root.nodeType === 9 ? root : root.ownerDocument;
    var walker = doc.createTreeWalker(root, 1);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.shadowRoot && !OWN[node.tagName]) deepAll(node.shadowRoot, selector, out);
    }
    return out;
  }

  function describe(el) {
    if (!el) return '';
    var text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    var classes = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
    if (classes.length) text += '.' + classes.join('.');
    var help = el.getAttribute('data-help');
    if (help) text += '[data-help="' + help + '"]';
    return text;
  }

  // Parent across shadow boundaries (a shadow root's parent is its host).
  function up(node) {
    return node.parentNode ? (node.parentNode.nodeType === 11 && node.parentNode.host ? node.parentNode.host : node.parentNode) : null;
  }

  function composedContains(ancestor, node) {
    for (var n = node; n; n = n.parentNode || n.host) if (n === ancestor) return true;
    return false;
  }

  function hiddenReason(el) {
    for (var n = el; n && n.nodeType === 1; n = up(n)) {
      if (getComputedStyle(n).display === 'none') return 'display:none' + (n === el ? '' : ' on its ancestor ' + describe(n));
    }
    var visibility = getComputedStyle(el).visibility;
    if (visibility === 'hidden' || visibility === 'collapse') return 'visibility:' + visibility;
    var rect = el.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) return 'it has no size (' + Math.round(rect.width) + 'x' + Math.round(rect.height) + ' box)';
    var left = rect.left + scrollX, top = rect.top + scrollY;
    var root = document.documentElement;
    var width = Math.max(root.scrollWidth, innerWidth), height = Math.max(root.scrollHeight, innerHeight);
    if (left + rect.width <= 0 || top + rect.height <= 0 || left >= width || top >= height) {
      return 'it is outside the document (at ' + Math.round(left) + ',' + Math.round(top) + ')';
    }
    return undefined;
  }

  // The topmost element at a point, skipping Guidepost's own hosts, drilling into open shadow roots.
  function hitAt(x, y) {
    var isOwn = function (e) { return OWN[e.tagName]; };
    var hit = document.elementsFromPoint(x, y).filter(function (e) { return !isOwn(e); })[0];
    while (hit && hit.shadowRoot) {
      var inner = hit.shadowRoot.elementsFromPoint(x, y).filter(function (e) { return !isOwn(e); })[0];
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  }

  function inspect(el, result) {
    result.element = describe(el);
    result.inShadowRoot = el.getRootNode() !== document;
    var reason = hiddenReason(el);
    var rect = el.getBoundingClientRect();
    result.box = { x: Math.round(rect.left + scrollX), y: Math.round(rect.top + scrollY), width: Math.round(rect.width), height: Math.round(rect.height) };
    result.visible = !reason;
    if (reason) {
      result.hiddenReason = reason;
      return;
    }
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    rect = el.getBoundingClientRect();
    // The centre of the part of the element that is on screen.
    var left = Math.max(rect.left, 0), right = Math.min(rect.right, innerWidth);
    var top = Math.max(rect.top, 0), bottom = Math.min(rect.bottom, innerHeight);
    if (right <= left || bottom <= top) return;
    var hit = hitAt((left + right) / 2, (top + bottom) / 2);
    if (!hit) return;
    result.covered = !composedContains(el, hit);
    if (result.covered) result.coveredBy = describe(hit);
  }

  return input.targets.map(function (target) {
    var result = { counts: [], matched: -1 };
    var first;
    // A target in a same-origin iframe is looked up in the frame's document, as the SDK does.
    var scope = document;
    if (target.frame) {
      var frames = [];
      try { frames = deepAll(document, target.frame, []); } catch (error) { frames = []; }
      var doc = null;
      try { doc = frames[0] && frames[0].tagName === 'IFRAME' ? frames[0].contentDocument : null; } catch (error) { doc = null; }
      // What frame names must be an iframe: anything else is no frame for the SDK either (dom/targets.ts).
      var isFrame = frames[0] && frames[0].tagName === 'IFRAME';
      if (!doc) return { counts: target.selectors.map(function () { return 0; }), matched: -1, hiddenReason: isFrame ? 'in an iframe of another origin' : frames[0] ? 'its frame ' + target.frame + ' is not an iframe' : 'its iframe ' + target.frame + ' is not in the page' };
      scope = doc;
    }
    for (var i = 0; i < target.selectors.length; i++) {
      var found;
      try {
        found = deepAll(scope, target.selectors[i], []);
      } catch (error) {
        result.counts.push(String(error && error.message || error).split('\n')[0]);
        continue;
      }
      result.counts.push(found.length);
      if (found.length && result.matched < 0) {
        result.matched = i;
        first = found[0];
      }
    }
    // Visibility and covering are measured in the page's coordinates: not for a target inside a frame.
    if (first && !input.countOnly && scope === document) inspect(first, result);
    return result;
  });
}`;

/**
 * Every distinct `data-help` value in the page (light DOM and open shadow roots, not
 * Guidepost's own hosts), at most 1,000: what a broken anchor may have been renamed to.
 */
export const HELP_VALUES_SOURCE = String.raw`() => {
  var OWN = { 'GUIDEPOST-ROOT': true, 'GUIDEPOST-HELP': true };
  var seen = {};
  var out = [];
  function walk(root) {
    var found = root.querySelectorAll('[data-help]');
    for (var i = 0; i < found.length && out.length < 1000; i++) {
      var value = found[i].getAttribute('data-help');
      if (!Object.prototype.hasOwnProperty.call(seen, value)) {
        seen[value] = true;
        out.push(value);
      }
    }
    var doc = root.nodeType === 9 ? root : root.ownerDocument;
    var walker = doc.createTreeWalker(root, 1);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.shadowRoot && !OWN[node.tagName]) walk(node.shadowRoot);
    }
  }
  walk(document);
  return out;
}`;
