// The surface lab: one page, many scenarios. `?scenario=<name>` picks the DOM this script
// builds and the manifest it hands to Guidepost; further query parameters tune a scenario
// (placement, surface, variant, policy, hostile, lang). Everything Guidepost reports lands in
// `window.lab` so the browser tests can read it with page.evaluate.
//
// The page runs under a strict CSP (no inline scripts or styles): layout lives in lab.css and
// every style change here goes through the CSSOM, which the policy allows.

import { layoutScenarios } from './layout-scenarios.js';

const params = new URLSearchParams(location.search);
const scenarioName = params.get('scenario') || 'tour';
const app = document.getElementById('app');

const lab = {
  gp: null,
  scenario: scenarioName,
  events: [],
  errors: [],
  /** Clicks the host page's own handlers received, by element id. */
  hostClicks: {},
  /** Computed styles of host elements before Guidepost started (isolation scenario). */
  before: null,
  ready: false,
};
window.lab = lab;

// --- small DOM helpers ---------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) node.append(child);
  return node;
}

const countClick = (event) => {
  const id = event.currentTarget.id;
  lab.hostClicks[id] = (lab.hostClicks[id] ?? 0) + 1;
};

const hostButton = (id, text, extra = {}) => el('button', { type: 'button', id, onClick: countClick, ...extra }, text);

const manifest = (items) => ({
  schemaVersion: 1,
  revision: 'lab-1',
  defaultLocale: 'en',
  // Several interruptive surfaces share one page view in most scenarios.
  settings: { caps: { perPageView: 50, perSession: 1000 }, ...(params.get('accent') && { theme: { accent: params.get('accent') } }) },
  items,
});

/** Client-side routing with the History API; the query string (the scenario) is kept. */
function navigate(path) {
  history.pushState({}, '', path + location.search);
  renderRoute();
}
lab.navigate = navigate;

let routeRenderer = null;
function renderRoute() {
  if (routeRenderer) app.replaceChildren(...routeRenderer(location.pathname));
}
window.addEventListener('popstate', renderRoute);
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
  if (!link) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});

/** Computed styles of some host elements, to prove Guidepost's CSS does not leak. */
const SNAPSHOT_PROPS = ['color', 'font-size', 'font-family', 'font-weight', 'line-height', 'background-color', 'display', 'position', 'box-sizing', 'padding-top', 'margin-top', 'border-top-width', 'text-decoration-line', 'cursor', 'width', 'height'];
lab.snapshot = () => {
  const out = {};
  for (const node of document.querySelectorAll('[data-snapshot]')) {
    const style = getComputedStyle(node);
    out[node.getAttribute('data-snapshot')] = Object.fromEntries(SNAPSHOT_PROPS.map((p) => [p, style.getPropertyValue(p)]));
  }
  return out;
};

// --- scenarios -----------------------------------------------------------------------
// Each returns { items, locale?, afterStart? } after building its DOM into `app`.

const placement = params.get('placement') || 'bottom';
const surface = params.get('surface') || 'tooltip';

const scenarios = {
  /** One target in the middle of the viewport; a tooltip or a tour step on the given side. */
  geometry() {
    app.append(el('h1', {}, 'Geometry'), hostButton('geo-target', 'Target', { class: 'geo-target' }));
    // `long=1`: a body with a 300-character address and a title of one long word, which must wrap inside the card.
    // `notitle=1`: no title, and a body of several lines, whose first runs under the card's ×.
    const notitle = params.get('notitle') !== null;
    // `tall=1`: a body of nine sentences, taller than a 400 px viewport holds beside its target.
    const tall = params.get('tall') !== null;
    const body = tall ? 'A sentence of ordinary words that wraps over a line or two of the card. '.repeat(9) : params.get('long') ? `See https://example.com/${'a'.repeat(300)} for more.` : notitle ? 'Anchored to the target, with words enough to fill every line of the card from one edge to the other, then a few more.' : 'Anchored to the target.';
    const title = params.get('long') ? `Supercalifragilistic${'o'.repeat(80)}` : undefined;
    const items = surface === 'tour'
      ? [{ id: 'geo-tour', type: 'tour', steps: [
          { target: '#geo-target', placement, title: notitle ? undefined : title ?? 'A step', body },
          { title: 'The end', body: 'Centered.' },
        ] }]
      : [{ id: 'geo-tip', type: 'tooltip', target: '#geo-target', placement, title: notitle ? undefined : title ?? 'A tooltip', body, ...(notitle && { buttons: [{ label: 'Got it', action: 'dismiss' }] }) }];
    return { items };
  },

  /** A four-step tour (one centered step), started from code or from a host button. */
  tour() {
    app.append(
      el('h1', {}, 'Tour basics'),
      el('div', { class: 'row' },
        hostButton('before', 'Focus me first'),
        el('button', { type: 'button', id: 'start-tour', onClick: () => lab.gp.startTour('basics') }, 'Take the tour')),
      el('div', { class: 'grid' }, hostButton('t1', 'First target'), el('span'), hostButton('t2', 'Second target'), el('span'), hostButton('t3', 'Third target')),
    );
    return {
      items: [{
        id: 'basics', type: 'tour', trigger: 'manual',
        steps: [
          { id: 'first', target: '#t1', placement: 'bottom', title: 'Step one', body: 'The first target.' },
          { id: 'middle', placement: 'center', title: 'A centered step', body: 'No target here.' },
          { id: 'third', target: '#t2', placement: 'bottom', title: 'Step three', body: 'The second target.' },
          { id: 'last', target: '#t3', placement: 'top', title: 'Last step', body: 'The third target.' },
        ],
      }],
    };
  },

  /** The overlay: one step that blocks clicks on its target, one that lets them through and advances on them (`variant=implied`: without saying allowClicksThrough). */
  spotlight() {
    app.append(el('h1', {}, 'Spotlight'), hostButton('spot-a', 'Blocked target', { class: 'spot spot-a' }), hostButton('spot-b', 'Clickable target', { class: 'spot spot-b' }));
    return {
      items: [{
        id: 'spot', type: 'tour',
        steps: [
          { target: '#spot-a', placement: 'right', title: 'Look here', body: 'Clicks on the target do not go through.' },
          // `variant=implied`: no allowClicksThrough; advancing on the click lets it through by itself.
          { target: '#spot-b', placement: 'right', title: 'Click it', body: 'Clicking the target moves on.', ...(params.get('variant') !== 'implied' && { allowClicksThrough: true }), advanceOn: { click: true } },
          { title: 'Done', body: 'That was it.' },
        ],
      }],
    };
  },

  /** A step whose target mounts ~800 ms after the page starts. */
  late() {
    const slot = el('div', { id: 'late-slot' });
    app.append(el('h1', {}, 'Late target'), slot);
    setTimeout(() => {
      slot.append(hostButton('late-target', 'Mounted late'));
      lab.mountedAt = performance.now();
    }, 800);
    return {
      items: [{ id: 'late-tour', type: 'tour', steps: [
        { target: '#late-target', placement: 'bottom', waitMs: 5000, title: 'Late', body: 'I waited for it.' },
        { title: 'End', body: 'Centered.' },
      ] }],
    };
  },

  /** A middle step whose target never appears: `policy` = skip (default) or end. */
  missing() {
    app.append(el('h1', {}, 'Missing target'), el('div', { class: 'grid' }, hostButton('present-1', 'Present one'), el('span'), hostButton('present-2', 'Present two')));
    const policy = params.get('policy') || 'skip';
    return {
      items: [{ id: 'missing-tour', type: 'tour', steps: [
        { target: '#present-1', title: 'One', body: 'Here.' },
        { target: '#never-there', onMissingTarget: policy, waitMs: 400, title: 'Two', body: 'Never shown.' },
        { target: '#present-2', title: 'Three', body: 'Here too.' },
      ] }],
    };
  },

  /** The app re-renders a target while its step (and a tooltip) are open: `lab.replaceTargets()`. */
  replaced() {
    const left = el('div', { class: 'swap-left' }, hostButton('swap-target', 'Original', { 'data-gen': '1' }));
    const right = el('div', { class: 'swap-right' });
    const tipLeft = el('div', { class: 'row' }, hostButton('swap-tip-target', 'Tooltip target', { 'data-gen': '1' }));
    const tipRight = el('div', { class: 'row' });
    app.append(el('h1', {}, 'Replaced target'), left, right, el('div', { class: 'spacer-small' }), tipLeft, el('div', { class: 'spacer-small' }), tipRight);
    lab.replaceTargets = () => {
      document.getElementById('swap-target').remove();
      right.append(hostButton('swap-target', 'Re-rendered', { 'data-gen': '2' }));
      document.getElementById('swap-tip-target').remove();
      tipRight.append(el('span', { class: 'note' }, 'moved → '), hostButton('swap-tip-target', 'Re-rendered tooltip target', { 'data-gen': '2' }));
    };
    return {
      items: [
        { id: 'swap-tour', type: 'tour', steps: [
          { target: '#swap-target', placement: 'bottom', title: 'Follow me', body: 'Even when re-rendered.' },
          { title: 'End', body: 'Centered.' },
        ] },
        { id: 'swap-tip', type: 'tooltip', target: '#swap-tip-target', placement: 'right', title: 'Tooltip', body: 'Follows re-renders.' },
      ],
    };
  },

  /** A target inside a web component's open shadow root. */
  shadow() {
    if (!customElements.get('lab-widget')) {
      customElements.define('lab-widget', class extends HTMLElement {
        constructor() {
          super();
          const root = this.attachShadow({ mode: 'open' });
          root.append(el('p', {}, 'A web component'), hostButton('shadow-btn', 'Inside the shadow root'));
        }
      });
    }
    app.append(el('h1', {}, 'Shadow DOM target'), el('div', { class: 'row' }, el('lab-widget', { id: 'widget' })));
    return {
      items: [{ id: 'shadow-tour', type: 'tour', steps: [
        { target: '#shadow-btn', placement: 'bottom', title: 'In a shadow root', body: 'Found through the open shadow root.' },
        { title: 'End', body: 'Centered.' },
      ] }],
    };
  },

  /** A target far down inside an overflow:auto box. */
  scroller() {
    app.append(el('h1', {}, 'Scroll container'),
      el('div', { class: 'scroller', id: 'scroller' }, el('div', { class: 'spacer' }), hostButton('deep-target', 'Deep inside'), el('div', { class: 'spacer-small' })));
    return {
      items: [{ id: 'deep-tour', type: 'tour', steps: [
        { target: '#deep-target', placement: 'top', title: 'Deep', body: 'Scrolled into view.' },
        { title: 'End', body: 'Centered.' },
      ] }],
    };
  },

  /** A page with an 80px sticky header and a target far down the page. */
  sticky() {
    document.body.prepend(el('header', { class: 'sticky-header', id: 'sticky-header' }, 'Sticky header'));
    app.append(el('h1', {}, 'Sticky header'), el('div', { class: 'long-spacer' }), hostButton('far-target', 'Far down'), el('div', { class: 'long-spacer' }));
    return {
      items: [{ id: 'far-tour', type: 'tour', steps: [
        { target: '#far-target', placement: 'bottom', title: 'Far away', body: 'Not under the header.' },
        { title: 'End', body: 'Centered.' },
      ] }],
    };
  },

  /**
   * Client-side routes / and /other. Tour `route-tour`: step 1 points at a nav link that
   * stays on every page and advances when the app reaches /other; steps 2 and 3 live on /other.
   * With `variant=content`, step 1 points at a "Continue" button that the navigation removes.
   */
  routes() {
    const nav = el('nav', { 'aria-label': 'Lab routes' }, el('a', { href: '/', 'data-link': '', id: 'nav-home' }, 'Home'), el('a', { href: '/other', 'data-link': '', id: 'nav-other' }, 'Other'));
    document.body.prepend(el('header', {}, nav));
    routeRenderer = (path) => path.startsWith('/other')
      ? [el('h1', {}, 'Other page'), el('div', { class: 'grid' }, hostButton('other-1', 'Other one'), el('span'), hostButton('other-2', 'Other two'))]
      : [el('h1', {}, 'Home page'), el('div', { class: 'row' }, el('button', { type: 'button', id: 'continue', onClick: () => navigate('/other') }, 'Continue'))];
    renderRoute();
    const first = params.get('variant') === 'content' ? '#continue' : '#nav-other';
    return {
      items: [{ id: 'route-tour', type: 'tour', steps: [
        { route: '/', target: first, placement: 'bottom', advanceOn: { route: '/other' }, title: 'Go to the other page', body: 'Use the link.' },
        { route: '/other', target: '#other-1', placement: 'bottom', title: 'On the other page', body: 'Step two.' },
        { route: '/other', target: '#other-2', placement: 'bottom', title: 'Still here', body: 'Step three.' },
      ] }],
    };
  },

  /** A tooltip and a tour step; `hostile=1` adds a stylesheet that restyles everything it can reach. */
  isolation() {
    // The hostile sheet must apply before Guidepost measures anything: wait for it to load.
    let wait;
    if (params.get('hostile')) {
      const link = el('link', { rel: 'stylesheet', href: '/hostile.css' });
      wait = new Promise((resolve) => link.addEventListener('load', resolve));
      document.head.append(link);
    }
    app.append(
      hostButton('iso-tip-target', 'Tooltip target', { 'data-snapshot': 'tip-target' }),
      hostButton('iso-tour-target', 'Tour target', { 'data-snapshot': 'tour-target' }),
      el('h2', { 'data-snapshot': 'heading' }, 'Host heading'),
      el('p', {}, el('a', { href: '#somewhere', 'data-snapshot': 'link' }, 'A host link')),
      el('div', { 'data-part': 'tooltip', 'data-snapshot': 'data-part-div' }, 'A host element that happens to use data-part'),
      el('section', { 'data-part': 'banner', 'data-snapshot': 'data-part-section' }, 'Another one'),
    );
    lab.before = lab.snapshot();
    return {
      wait,
      items: [
        { id: 'iso-tip', type: 'tooltip', target: '#iso-tip-target', placement: 'right', title: 'Tooltip', body: 'Unaffected by host CSS.' },
        { id: 'iso-tour', type: 'tour', steps: [
          { target: '#iso-tour-target', placement: 'bottom', title: 'Tour step', body: 'Unaffected by host CSS.' },
          { title: 'End', body: 'Centered.' },
        ] },
      ],
    };
  },

  /** A native modal <dialog> (showModal) opened after start, with a tooltip and a tour step on a button inside it. */
  dialog() {
    const dialog = el('dialog', { id: 'native-modal' }, el('p', {}, 'A native modal dialog'), hostButton('in-dialog', 'Save'));
    // `variant=stacked`: a confirmation dialog written before it, opened from it later (the top layer is in opening order).
    const stacked = params.get('variant') === 'stacked';
    const confirm = el('dialog', { id: 'confirm-modal' }, el('p', {}, 'Sure?'), hostButton('in-confirm', 'Yes'));
    app.append(el('h1', {}, 'Native dialog'), ...(stacked ? [confirm] : []), dialog);
    return {
      items: [
        ...(stacked ? [{ id: 'confirm-tip', type: 'tooltip', target: '#in-confirm', placement: 'bottom', body: 'On the confirmation.', buttons: [{ label: 'Got it', action: 'dismiss' }] }] : []),
        { id: 'dialog-tip', type: 'tooltip', target: '#in-dialog', placement: 'bottom', body: 'Inside the modal dialog.', buttons: [{ label: 'Got it', action: 'dismiss' }] },
        { id: 'dialog-tour', type: 'tour', trigger: 'manual', steps: [
          { target: '#in-dialog', placement: 'bottom', title: 'In the dialog', body: 'A step on the dialog.' },
          { title: 'After', body: 'Centered.' },
        ] },
      ],
      afterStart() {
        // `variant=closed`: the dialog stays closed (display: none), its button in the page but not displayed.
        if (params.get('variant') !== 'closed') dialog.showModal();
      },
    };
  },

  /** Host modals with the highest z-index, one inside a transformed stacking context, one added after start. */
  stacking() {
    app.append(el('h1', {}, 'Stacking'),
      el('div', { class: 'stack-wrap' },
        el('div', { class: 'host-modal', role: 'dialog', 'aria-label': 'Host modal' },
          el('div', { class: 'host-modal-box' }, hostButton('modal-btn', 'Inside the host modal'), hostButton('modal-tip-target', 'Tooltip target')))));
    return {
      items: [
        { id: 'stack-tour', type: 'tour', steps: [
          { target: '#modal-btn', placement: 'bottom', title: 'On top', body: 'Above the host modal.' },
          { title: 'End', body: 'Centered.' },
        ] },
        { id: 'stack-tip', type: 'tooltip', target: '#modal-tip-target', placement: 'top', title: 'Tooltip', body: 'Also on top.' },
      ],
      afterStart() {
        // A second full-screen layer added after Guidepost's, later in DOM order, same z-index.
        document.body.append(el('div', { class: 'host-modal-late', id: 'late-modal' }));
      },
    };
  },

  /** Right to left: <html dir="rtl" lang="ar">, Arabic content. */
  rtl() {
    document.documentElement.setAttribute('dir', 'rtl');
    document.documentElement.setAttribute('lang', 'ar');
    app.append(el('h1', {}, 'اختبار'), el('div', { class: 'grid' }, hostButton('r1', 'الأول'), hostButton('r2', 'الثاني'), hostButton('r3', 'الثالث')),
      el('div', { class: 'row' }, hostButton('r-tip', 'تلميح')));
    const t = (ar, en) => ({ ar, en });
    return {
      locale: params.get('lang') || 'ar',
      items: [
        { id: 'rtl-tour', type: 'tour', steps: [
          { target: '#r1', placement: 'bottom', title: t('الخطوة الأولى', 'Step one'), body: t('هذا هو الهدف الأول.', 'The first target.') },
          { target: '#r2', placement: 'bottom', title: t('الخطوة الثانية', 'Step two'), body: t('هذا هو الهدف الثاني.', 'The second target.') },
          { target: '#r3', placement: 'bottom', title: t('الخطوة الأخيرة', 'Last step'), body: t('هذا هو الهدف الثالث.', 'The third target.') },
        ] },
        { id: 'rtl-tip', type: 'tooltip', target: '#r-tip', placement: 'top', title: t('تلميح', 'Tip'), body: t('نص التلميح.', 'Tip text.') },
      ],
    };
  },

  /** A hotspot beacon on a target. */
  hotspot() {
    app.append(el('h1', {}, 'Hotspot'), hostButton('hs-before', 'Before the hotspot'), hostButton('hs-target', 'New feature', { class: 'hs-target' }));
    return { items: [{ id: 'hs', type: 'hotspot', target: '#hs-target', placement: 'right', title: 'Something new', body: 'This button is new.' }] };
  },

  /** Banners: `variant` = overlay (default, with CTA buttons), push, inline, or stack (two bottom banners). */
  banner() {
    const variant = params.get('variant') || 'overlay';
    app.append(
      el('div', { class: 'page-top', id: 'page-top' }, 'The page\'s first element'),
      el('p', { id: 'inline-anchor' }, 'An inline banner goes right after this paragraph.'),
      el('p', { id: 'after-anchor' }, 'And before this one.'),
    );
    lab.before = { pageTop: document.getElementById('page-top').getBoundingClientRect().top };
    const items = {
      overlay: [{ id: 'top-banner', type: 'banner', slot: 'top', title: 'Overlay banner', body: 'Over the page.',
        buttons: [{ label: 'Read more', action: 'url', url: '/docs/banner' }, { label: 'Got it', action: 'dismiss' }] }],
      push: [{ id: 'push-banner', type: 'banner', slot: 'top', push: true, title: 'Push banner', body: 'Makes room for itself.' }],
      inline: [{ id: 'inline-banner', type: 'banner', slot: 'inline', target: '#inline-anchor', title: 'Inline banner', body: 'In the flow.' }],
      stack: [
        { id: 'bottom-1', type: 'banner', slot: 'bottom', title: 'First bottom banner', body: 'A longer announcement that takes two or three lines on a phone, so this banner is the taller of the two.' },
        { id: 'bottom-2', type: 'banner', slot: 'bottom', title: 'Second bottom banner', body: 'Short.' },
      ],
    }[variant];
    return { items };
  },

  /** A checklist with event tasks and a tour task. `variant=tour-last` makes the tour task the last one left. */
  checklist() {
    app.append(el('h1', {}, 'Checklist'), hostButton('cl-target', 'Checklist tour target'));
    return {
      items: [
        { id: 'onboarding', type: 'checklist', title: 'Get started', tasks: [
          { id: 'profile', title: 'Complete your profile', completeOn: 'profile_done' },
          { id: 'invite', title: 'Invite a teammate', completeOn: 'invited' },
          { id: 'take-tour', title: 'Take the tour', tour: 'cl-tour' },
        ] },
        { id: 'cl-tour', type: 'tour', trigger: 'manual', steps: [
          { target: '#cl-target', placement: 'bottom', title: 'Checklist tour', body: 'One.' },
          { title: 'Finished', body: 'Two.' },
        ] },
      ],
    };
  },

  /** Help links: after an input (article URL), inside a heading (popover), after a button (popover with feedback). */
  helplink() {
    app.append(
      el('h1', {}, 'Help links'),
      el('label', { for: 'name' }, 'Your name'), el('input', { id: 'name', type: 'text' }),
      el('h2', { id: 'section-title' }, 'Billing'),
      el('div', { class: 'row' }, el('button', { type: 'button', id: 'export-btn' }, 'Export'), el('button', { type: 'button', id: 'after-export' }, 'Something else')),
    );
    return {
      items: [
        { id: 'name-help', type: 'helpLink', target: '#name', url: 'https://example.com/help/name', label: 'Help: your name' },
        { id: 'heading-help', type: 'helpLink', target: '#section-title', title: 'About billing', body: 'How billing works.' },
        { id: 'export-help', type: 'helpLink', target: '#export-btn', title: 'Exporting', body: 'How exports work.', feedback: true },
      ],
    };
  },

  /** Items that depend on the route: `page.path` is /x, `page.hash` is #help. */
  spa() {
    app.append(el('h1', {}, 'SPA routes'), el('div', { class: 'row' }, hostButton('always', 'Always here'), hostButton('always-2', 'Also always here')));
    return {
      items: [
        { id: 'spa-help', type: 'helpLink', target: '#always', title: 'Always', body: 'Shown on every route.' },
        { id: 'x-tip', type: 'tooltip', target: '#always', placement: 'bottom', when: { 'page.path': '/x' }, title: 'Only on /x', body: 'Route-specific.' },
        { id: 'hash-tip', type: 'tooltip', target: '#always-2', placement: 'bottom', when: { 'page.hash': '#help' }, title: 'Only with #help', body: 'Hash-specific.' },
      ],
    };
  },

  /** Every surface at once, for axe-core. */
  everything() {
    app.append(
      el('h1', {}, 'Every surface'),
      el('div', { class: 'grid' }, hostButton('ev-tour', 'Tour target'), hostButton('ev-tip', 'Tooltip target'), hostButton('ev-hs', 'Hotspot target')),
      el('div', { class: 'row' }, el('button', { type: 'button', id: 'ev-help' }, 'Help link target')),
      el('p', { id: 'ev-inline' }, 'Inline banner anchor.'),
    );
    return {
      items: [
        { id: 'ev-tour', type: 'tour', steps: [
          { target: '#ev-tour', placement: 'bottom', title: 'Tour step', body: 'With an overlay.' },
          { title: 'End', body: 'Centered.' },
        ] },
        { id: 'ev-tooltip', type: 'tooltip', target: '#ev-tip', placement: 'bottom', title: 'Tooltip', body: 'A **tooltip** with a [link](https://example.com/docs).' },
        { id: 'ev-hotspot', type: 'hotspot', target: '#ev-hs', placement: 'right', title: 'Hotspot', body: 'Opened.' },
        { id: 'ev-banner', type: 'banner', slot: 'top', title: 'Banner', body: 'An announcement.', buttons: [{ label: 'Got it', action: 'dismiss' }] },
        { id: 'ev-inline', type: 'banner', slot: 'inline', target: '#ev-inline', title: 'Inline banner', body: 'In the flow.' },
        { id: 'ev-help', type: 'helpLink', target: '#ev-help', title: 'Help', body: 'A help popover.', feedback: true },
        { id: 'ev-checklist', type: 'checklist', title: 'Get started', tasks: [
          { id: 'a', title: 'First task', completeOn: 'a_done' },
          { id: 'b', title: 'Second task', tour: 'ev-tour' },
        ] },
      ],
    };
  },

  // The layout arbiter's scenarios (arena, sheet): layout-scenarios.js.
  ...layoutScenarios({ app, el, hostButton, params }),

  /** Some of everything, then `lab.gp.destroy()`. */
  destroy() {
    app.append(el('h1', {}, 'Destroy'), el('div', { class: 'grid' }, hostButton('d-tour', 'Tour target'), hostButton('d-tip', 'Tooltip target'), el('button', { type: 'button', id: 'd-help' }, 'Help target')));
    lab.originalPushState = history.pushState;
    return {
      items: [
        { id: 'd-tour', type: 'tour', steps: [{ target: '#d-tour', title: 'Tour', body: 'Step.' }, { title: 'End', body: 'Centered.' }] },
        { id: 'd-tip', type: 'tooltip', target: '#d-tip', title: 'Tooltip', body: 'Text.' },
        { id: 'd-help', type: 'helpLink', target: '#d-help', title: 'Help', body: 'Text.' },
        { id: 'd-banner', type: 'banner', slot: 'top', title: 'Banner', body: 'Text.' },
        { id: 'd-route-tip', type: 'tooltip', target: '#d-tip', when: { 'page.path': '/else' }, title: 'Route tip', body: 'Text.' },
      ],
    };
  },
};

// --- start ---------------------------------------------------------------------------

const build = scenarios[scenarioName];
if (!build) throw new Error(`unknown scenario "${scenarioName}"`);
const setup = build();
// Some scenarios need something (a stylesheet) in place before Guidepost starts.
await setup.wait;
if (setup.wait) lab.before = lab.snapshot();

// `tour=manual`: the scenario's tours wait for startTour(), so what a running tour's stage holds
// back (tooltips, hotspots: the layout arbiter) can be checked first.
if (params.get('tour') === 'manual') for (const item of setup.items) if (item.type === 'tour') item.trigger = 'manual';

lab.gp = window.Guidepost.createGuidepost({
  manifest: manifest(setup.items),
  locale: setup.locale ?? params.get('lang') ?? 'en',
  endpoint: '/collect',
  // The app's own router: a tour that takes the person to another page does not reload it.
  navigate,
  onEvent: (event) => lab.events.push({ ...event, at: performance.now() }),
  onError: (error) => lab.errors.push({ code: error.code, message: error.message }),
});
lab.gp.start().then(() => {
  setup.afterStart?.();
  lab.ready = true;
});
