// Scenarios for the layout arbiter's tests (test/ui/arbiter.browser.test.ts), kept apart from
// lab.js: every surface but a tour competing for space, and a card that must be a bottom sheet.
// `app`, `el`, `hostButton` and `params` (the page's query) are lab.js's.

export function layoutScenarios({ app, el, hostButton, params }) {
  /** A tooltip at the top left, and a help link's heading in a transformed box of class `box`. */
  const transformedBox = (box) => {
    app.append(
      el('div', { class: 'row' }, hostButton('tf-tip', 'Tooltip target')),
      el('div', { class: box }, el('h2', { id: 'tf-title' }, 'In a transformed box')),
      el('div', { class: 'spacer' }),
    );
    return {
      items: [
        { id: 'tf-tooltip', type: 'tooltip', target: '#tf-tip', placement: 'bottom', title: 'Tooltip', body: 'At the top left of the page.' },
        { id: 'tf-help', type: 'helpLink', target: '#tf-title', placement: 'right', title: 'Help', body: 'A popover in a transformed box.' },
      ],
    };
  };

  return {
    /**
     * A sticky header over a page of rows: a tooltip on a row, which hides while the row is under
     * the header, and (`tour=manual`) a tour whose target starts under the header (the page is
     * scrolled there before Guidepost starts) and is brought out from under it.
     */
    covered() {
      document.body.prepend(el('header', { class: 'sticky-header', id: 'sticky-header' }, 'Sticky header'));
      app.append(el('div', { class: 'spacer-small' }), hostButton('cv-tip', 'Tooltip target'), el('div', { class: 'spacer-small' }), hostButton('cv-tour', 'Tour target'), el('div', { class: 'long-spacer' }));
      const tour = document.getElementById('cv-tour');
      // The tour's target under the 80 px header: its top 40 px below the viewport's.
      window.scrollTo(0, tour.getBoundingClientRect().top + window.scrollY - 40);
      return {
        items: [
          { id: 'cv-tooltip', type: 'tooltip', target: '#cv-tip', placement: 'bottom', title: 'Tooltip', body: 'Hides under the header.' },
          { id: 'cv-tour', type: 'tour', steps: [{ target: '#cv-tour', placement: 'bottom', title: 'Out from under', body: 'Brought below the header.' }, { title: 'End', body: 'Centered.' }] },
        ],
      };
    },

    /** A fixed bar at the bottom over a fixed target no scroll can bring out: the tour's step still shows. */
    coveredBar() {
      app.append(el('h1', {}, 'Under a bar'), el('div', { class: 'cv-under' }, hostButton('cb-target', 'Under the bar')), el('div', { class: 'cv-bar', id: 'cv-bar' }, 'Cookie bar'));
      return {
        items: [{ id: 'cb-tour', type: 'tour', steps: [{ target: '#cb-target', placement: 'top', title: 'Under a bar', body: 'Still shown.' }, { title: 'End', body: 'Centered.' }] }],
      };
    },

    /**
     * A phone's tour step that is a bottom sheet, with a top banner, a bottom banner and a
     * checklist: the step's target is brought between the top banner and the sheet, and the dock
     * (inert during the tour) does not rise above the sheet to cover it.
     */
    tourSheet() {
      app.append(el('div', { class: 'long-spacer' }), el('div', { class: 'row' }, hostButton('ts-target', 'Settings')), el('div', { class: 'long-spacer' }));
      return {
        items: [
          { id: 'ts-top', type: 'banner', slot: 'top', interruptive: false, title: 'Top banner', body: 'Scheduled maintenance tonight, read more.', buttons: [{ label: 'OK', action: 'dismiss' }] },
          { id: 'ts-bottom', type: 'banner', slot: 'bottom', interruptive: false, body: 'We use cookies to make this app work. Read our policy for details.', buttons: [{ label: 'Accept', action: 'dismiss' }] },
          { id: 'ts-checklist', type: 'checklist', title: 'Get started', tasks: [{ id: 'one', title: 'Take the tour', tour: 'ts-tour' }] },
          { id: 'ts-tour', type: 'tour', trigger: 'manual', steps: [{ target: '#ts-target', placement: 'right', title: 'Settings', body: 'Your settings live here. This card is too wide to sit beside the button.' }] },
        ],
      };
    },

    /** The page zoomed with CSS (`?zoom=1.5` on <html>, `&on=body` on <body>): a tour step and a tooltip beside their targets. */
    zoomed() {
      (params.get('on') === 'body' ? document.body : document.documentElement).style.zoom = params.get('zoom') ?? '1.5';
      app.append(el('div', { class: 'row' }, hostButton('zm-tour', 'Tour target')), el('div', { class: 'spacer-small' }), el('div', { class: 'row' }, hostButton('zm-tip', 'Tooltip target')), el('div', { class: 'spacer' }));
      return {
        items: [
          { id: 'zm-tour', type: 'tour', steps: [{ target: '#zm-tour', placement: 'bottom', title: 'Zoomed', body: 'Beside its target.' }, { title: 'End', body: 'Centered.' }] },
          { id: 'zm-tooltip', type: 'tooltip', target: '#zm-tip', placement: 'bottom', title: 'Tooltip', body: 'Beside its target.' },
        ],
      };
    },

    /**
     * A help link inside a transformed box in the middle of the page (a modal centred with a
     * transform, say), whose popover's coordinates are that box's, not the viewport's, and a
     * tooltip at the top left that the popover, on screen, is far from.
     */
    transformed: () => transformedBox('transformed-box'),

    /**
     * The same, the transformed box being the whole page's wrapper at the viewport's top left: its
     * coordinates are the viewport's until the page scrolls, when the wrapper moves and they no longer are.
     */
    transformedPage: () => transformedBox('transformed-page'),

    /** The same box scaled to three quarters (a zoomed canvas, a scaled preview): the popover's size and coordinates are scaled with it. */
    scaled: () => transformedBox('scaled-box'),

    /**
     * Every surface that is not a tour at once, placed to compete for space (the layout arbiter):
     * a tooltip near the top, one low on the right where the checklist panel opens, a hotspot on a
     * field as wide as the page (its beacon must not fall off the right edge), a help link in the
     * heading, a push banner, an inline banner, and a checklist whose task starts a tour.
     */
    arena() {
      app.append(
        el('h1', { id: 'ar-title' }, 'Arena'),
        el('div', { class: 'row' }, hostButton('ar-tip', 'Tooltip target')),
        el('label', { for: 'ar-wide' }, 'A field as wide as the page'), el('input', { id: 'ar-wide', class: 'wide', type: 'text' }),
        el('p', { id: 'ar-inline' }, 'An inline banner follows.'),
        el('div', { class: 'low' }, hostButton('ar-low', 'Low target')),
        el('div', { class: 'spacer-small' }),
      );
      return {
        items: [
          { id: 'ar-banner', type: 'banner', slot: 'top', push: true, title: 'Banner', body: 'Pushes the page down.', buttons: [{ label: 'Got it', action: 'dismiss' }] },
          { id: 'ar-tooltip', type: 'tooltip', target: '#ar-tip', placement: 'bottom', title: 'Tooltip', body: 'Near the top.', buttons: [{ label: 'Got it', action: 'dismiss' }] },
          { id: 'ar-low-tip', type: 'tooltip', target: '#ar-low', placement: 'bottom', title: 'Low tooltip', body: 'Where the checklist opens.', buttons: [{ label: 'Got it', action: 'dismiss' }] },
          { id: 'ar-hotspot', type: 'hotspot', target: '#ar-wide', placement: 'right', title: 'Hotspot', body: 'On a wide field.' },
          { id: 'ar-help', type: 'helpLink', target: '#ar-title', placement: 'right', title: 'Help', body: 'A help popover that asks for feedback.', feedback: true },
          { id: 'ar-inline-banner', type: 'banner', slot: 'inline', target: '#ar-inline', title: 'Inline banner', body: 'In the flow.' },
          { id: 'ar-checklist', type: 'checklist', title: 'Get started', tasks: [
            { id: 'one', title: 'First task', completeOn: 'one_done' },
            { id: 'two', title: 'Second task', completeOn: 'two_done' },
            { id: 'tour', title: 'Take the tour', tour: 'ar-tour' },
          ] },
          { id: 'ar-tour', type: 'tour', trigger: 'manual', steps: [
            { target: '#ar-low', placement: 'bottom', title: 'A step', body: 'The stage is mine.' },
            { placement: 'center', title: 'The end', body: 'Centered.' },
          ] },
        ],
      };
    },

    /**
     * Hotspots to scroll past (follow-scroll.ts): ten down a long page, two in a sticky header
     * (their targets do not move with the page), two in an overflow:auto box (they move with
     * the box's own scroll too), and one on a target the page moves by itself (`#sc-shift`).
     */
    scrolling() {
      const header = el('header', { id: 'sc-header', class: 'sc-header' }, hostButton('sc-head-a', 'Header A'), hostButton('sc-head-b', 'Header B'));
      const rows = Array.from({ length: 10 }, (_, i) => el('div', { class: 'sc-row' }, hostButton(`sc-row-${i}`, `Row ${i}`)));
      const gap = () => el('div', { class: 'sc-gap' });
      const box = el('div', { id: 'sc-box', class: 'sc-box' }, gap(), hostButton('sc-box-a', 'Box A'), gap(), gap(), hostButton('sc-box-b', 'Box B'), gap(), gap(), gap());
      app.append(header, el('div', { id: 'sc-shift-slot' }), el('div', { class: 'sc-row' }, hostButton('sc-shift', 'Moves by itself')), ...rows.slice(0, 3), box, ...rows.slice(3), el('div', { class: 'spacer' }));
      const targets = ['sc-head-a', 'sc-head-b', 'sc-shift', 'sc-box-a', 'sc-box-b', ...rows.map((_, i) => `sc-row-${i}`)];
      return {
        items: targets.map((id) => ({ id: `spot-${id}`, type: 'hotspot', interruptive: false, target: `#${id}`, placement: 'right', title: id, body: 'A hotspot to scroll past.' })),
      };
    },

    /**
     * A tooltip too wide to sit beside its target on a phone, whose target is low enough that the
     * sheet would cover it (it must be scrolled above the sheet), and a checklist (the sheet folds
     * its panel and lifts its launcher).
     */
    sheet() {
      app.append(el('h1', {}, 'Sheet'), el('div', { class: 'tall-gap' }), el('div', { class: 'row' }, hostButton('sh-target', 'Target')), el('div', { class: 'spacer' }));
      return {
        items: [
          { id: 'sh-tip', type: 'tooltip', target: '#sh-target', placement: 'right', title: 'A tooltip', body: 'Too wide to sit beside its target on a phone.', buttons: [{ label: 'Got it', action: 'dismiss' }] },
          { id: 'sh-checklist', type: 'checklist', title: 'Get started', tasks: [{ id: 'one', title: 'First task', completeOn: 'one_done' }, { id: 'two', title: 'Second task', completeOn: 'two_done' }] },
        ],
      };
    },
  };
}
