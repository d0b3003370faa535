// What every library shows: the same tour steps and anchored popovers (no DOM: Node reads it too).

/** The five-step tour: same targets, placements and words for every library. */
export const STEPS = [
  { selector: '#a2', side: 'bottom', title: 'Your board', body: 'Drag tasks between columns to show progress.' },
  { selector: '#a5', side: 'bottom', title: 'Find anything', body: 'Search projects, tasks and people from here.' },
  { selector: '#a6', side: 'bottom', title: 'Start a project', body: 'Create a project from scratch or a template.' },
  { selector: '#a8', side: 'bottom', title: 'Filter the list', body: 'Show only your projects, or only the late ones.' },
  { selector: '#a12', side: 'left', title: 'More actions', body: 'Archive, duplicate or share a project.' },
];

/** The 20 anchored elements, for the "20 popovers while scrolling" measurement. */
export const ANCHORS = Array.from({ length: 20 }, (_, i) => ({
  selector: `#a${i + 1}`,
  side: i >= 11 ? 'left' : 'bottom',
  title: `Tip ${i + 1}`,
  body: 'A short explanation of this control.',
}));

/**
 * 20 targets that are not in the page when Guidepost starts: the page inserts them later
 * (bench/pages/common.js `insertTargets`), for the "20 targets waiting at once" measurement.
 */
export const LATE = Array.from({ length: 20 }, (_, i) => ({
  id: `late${i + 1}`,
  selector: `#late${i + 1}`,
  side: 'bottom',
  label: `New ${i + 1}`,
  title: `New feature ${i + 1}`,
  body: 'It appeared after the page loaded.',
}));
