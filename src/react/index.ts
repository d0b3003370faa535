/**
 * `guidepost/react`: a provider that owns one Guidepost instance, hooks over it, and
 * `<HelpAnchor>`. Thin on purpose: the SDK decides, renders and records; this only creates,
 * shares and destroys the instance. React >= 18 (an optional peer dependency).
 * @packageDocumentation
 */
export { GuidepostProvider, GuidepostContext } from './provider';
export type { GuidepostProviderProps, GuidepostBinding } from './provider';
export { useGuidepost, useTrack, useExplain, useTour } from './hooks';
export type { TourControls } from './hooks';
export { HelpAnchor } from './help-anchor';
export type { HelpAnchorProps } from './help-anchor';
export { tourState } from './shared';
export type { TourState } from './shared';
