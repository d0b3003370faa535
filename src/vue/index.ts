/**
 * `guidepost/vue`: a Vue 3 plugin that owns one Guidepost instance per app, composables over
 * it, and the `v-help` directive. Thin on purpose: the SDK decides, renders and records; this
 * only creates, shares and destroys the instance. Vue >= 3.5 (an optional peer dependency).
 * @packageDocumentation
 */
export { GuidepostPlugin, GUIDEPOST_KEY } from './plugin';
export type { GuidepostBinding } from './plugin';
export { useGuidepost, useTrack, useExplain, useTour } from './composables';
export type { TourControls } from './composables';
export { vHelp } from './help';
export { tourState } from '../react/shared';
export type { TourState } from '../react/shared';
