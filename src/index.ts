/**
 * Guidepost: local-first in-product help. The public API is what this file exports.
 * @packageDocumentation
 */
export { createGuidepost } from './guidepost';
export type { Guidepost, GuidepostOptions, GuidepostUser, Explanation, EventSubscription } from './options';
export { GuidepostError } from './errors';
export type { GuidepostErrorCode } from './errors';
export type { GuidepostEvent, EventType } from './track/event';
export type { Transport, SendOptions, SendResult } from './track/transport';
export { DeliveryError } from './track/delivery-error';
export { segmentExposures, ga4Exposures, posthogExposures, amplitudeExposures } from './track/sinks';
export type { ExposureSink, ExposureSinkOptions, SegmentClient, Gtag, PostHogClient, AmplitudeClient } from './track/sinks';
export { memoryStorage, indexedDbStorage } from './store/storage';
export type { KeyValueStorage } from './store/storage';
export type { ManifestProblem } from './manifest/problems';
export type { Manifest, Item } from './manifest/schema';
export type { Reason } from './engine/decide';
export { SDK_VERSION } from './version';
