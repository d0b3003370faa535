// Guidepost's common case: a manifest with items, none of which is eligible on this page (all
// target another page, /settings), so nothing renders and the UI code is not needed.
// bench/browser.js writes it out as JSON, as written and as `guidepost build` compiles it.
import { ANCHORS } from './content.js';

const when = { 'page.path': '/settings' };
const types = ['helpLink', 'helpLink', 'tooltip', 'helpLink', 'hotspot'];

export const idleManifest = {
  schemaVersion: 1,
  revision: 'bench-idle-1',
  defaultLocale: 'en',
  items: [
    ...ANCHORS.slice(0, 16).map((a, i) => ({ id: `idle-${i}`, type: types[i % types.length], target: a.selector, placement: a.side, title: a.title, body: a.body, when })),
    { id: 'idle-banner', type: 'banner', slot: 'top', title: 'Your trial ends in 14 days', body: 'See [plans and prices](/billing).', when },
    { id: 'idle-banner-2', type: 'banner', slot: 'bottom', title: 'New: reports', body: 'Export any report as CSV.', when },
    { id: 'idle-tour', type: 'tour', when, steps: [{ target: '#a2', title: 'Board', body: 'Drag tasks.' }, { title: 'Done', body: 'That is all.' }] },
    { id: 'idle-tour-manual', type: 'tour', trigger: 'manual', steps: [{ target: '#a6', title: 'New', body: 'Create a project.' }] },
  ],
};
