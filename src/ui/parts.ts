/**
 * The DOM contract: every `data-part` name Guidepost renders, in one place. Host pages style
 * and query these names (`root.shadowRoot.querySelector('[data-part=tooltip]')`), tests find
 * surfaces by them, README lists them: they are public, so a name here never changes.
 *
 * Surfaces write the names as JSX literals, and parts-jsx.d.ts types JSX's `data-part` as `Part`,
 * so a misspelt or unlisted name is a compile error. Why not `data-part={PART.tourStep}`: we
 * measured it (scripts/size.mjs): terser (one pass) hoists the object into one variable per name
 * and keeps them, which cost 0.19 kB min+gzip on core + UI and 0.3 kB on the IIFE, where the
 * literals cost nothing (gzip matches them against the stylesheet's `[data-part=...]`). The
 * stylesheet spells the names in CSS; test/ui/parts.dom.test.ts checks that it, the rendered
 * surfaces and README use only these names.
 */
export const PART = {
  // The host's container.
  root: 'root',
  // Surfaces: each carries `data-item` (the manifest item id) and `data-state`.
  helpLink: 'help-link',
  tooltip: 'tooltip',
  hotspot: 'hotspot',
  tourStep: 'tour-step',
  banner: 'banner',
  checklist: 'checklist',
  // Inside surfaces.
  popover: 'popover',
  arrow: 'arrow',
  title: 'title',
  image: 'image',
  body: 'body',
  actions: 'actions',
  button: 'button',
  close: 'close',
  beacon: 'beacon',
  progress: 'progress',
  progressText: 'progress-text',
  progressBar: 'progress-bar',
  progressFill: 'progress-fill',
  checklistPanel: 'checklist-panel',
  checklistTasks: 'checklist-tasks',
  checklistTask: 'checklist-task',
  check: 'check',
  taskButton: 'task-button',
  taskBody: 'task-body',
  checklistLauncher: 'checklist-launcher',
  feedback: 'feedback',
  visuallyHidden: 'visually-hidden',
  // Around surfaces: the tour's spotlight, the dock for banners and checklists, previews, what is announced.
  overlay: 'overlay',
  overlayShade: 'overlay-shade',
  overlayCutout: 'overlay-cutout',
  dock: 'dock',
  preview: 'preview',
  previewBadge: 'preview-badge',
  // The layer's visually hidden live region (role=status): tooltips appearing, checklist progress.
  announcer: 'announcer',
  // The debug panel and the element picker (loaded only when debugging).
  debugPanel: 'debug-panel',
  debugMeta: 'debug-meta',
  debugOutbox: 'debug-outbox',
  debugLabel: 'debug-label',
  debugFilter: 'debug-filter',
  debugItems: 'debug-items',
  debugVerdict: 'debug-verdict',
  debugExperiment: 'debug-experiment',
  debugAttributes: 'debug-attributes',
  debugError: 'debug-error',
  picker: 'picker',
  pickerHighlight: 'picker-highlight',
  pickerResult: 'picker-result',
  pickerSelector: 'picker-selector',
  pickerMatches: 'picker-matches',
  pickerTarget: 'picker-target',
} as const;

/** One `data-part` name. */
export type Part = (typeof PART)[keyof typeof PART];

/** The parts that are surfaces: the ones carrying `data-item` that impressions count. */
export const SURFACE_PARTS: readonly Part[] = ['help-link', 'tooltip', 'hotspot', 'tour-step', 'banner', 'checklist'];

