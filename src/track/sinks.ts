/**
 * Sinks: forward experiment exposures to an analytics tool the product already uses. Each
 * adapter takes the vendor's client and returns an `(event) => void` for `onEvent` (or the
 * tracker's consent-gated `sinks`). Only `exposure` events of items in an experiment are
 * forwarded, and counterfactual exposures too — they are the control arm: the unit was
 * eligible and assigned to control, so nothing rendered — marked `counterfactual: true`.
 * Forced (QA override) exposures are left out unless `includeForced`.
 *
 * The conventions each vendor documents for "this unit saw this variation":
 * - Segment spec (A/B testing): `Experiment Viewed` with experiment_id / variation_id.
 * - Google Analytics 4: no built-in experiment event; `experiment_viewed` with experiment_id /
 *   variant_id (the common convention), plus `exp_variant_string` in the form Google's
 *   third-party experiment integration guide asks for, to build audiences from.
 * - PostHog: `$feature_flag_called` with `$feature_flag` (flag key) and
 *   `$feature_flag_response` (variant) is what PostHog counts as an exposure.
 * - Amplitude Experiment: `$exposure` with `flag_key` and `variant` (and `experiment_key`),
 *   which Amplitude ingests as `[Experiment] Exposure` and uses to set the experiment user
 *   property. Tracking `[Experiment] Exposure` by name is possible (`eventName`), but
 *   Amplitude documents custom exposure events as possibly uncounted in analysis.
 */
import type { GuidepostEvent } from './event';

export interface ExposureSinkOptions {
  /** Event name sent to the vendor. Each adapter documents its default. */
  eventName?: string;
  /** Forward QA-forced exposures too (they are excluded from analysis). @default false */
  includeForced?: boolean;
}

/** `analytics` from Segment's analytics.js (or any client with the same `track`). */
export interface SegmentClient {
  track(event: string, properties?: Record<string, unknown>, options?: Record<string, unknown>): unknown;
}

/** Google's `gtag` function. */
export type Gtag = (command: 'event', eventName: string, params?: Record<string, unknown>) => void;

/** `posthog` from posthog-js. */
export interface PostHogClient {
  capture(event: string, properties?: Record<string, unknown>, options?: Record<string, unknown>): unknown;
}

/** `amplitude` from @amplitude/analytics-browser. */
export interface AmplitudeClient {
  track(eventType: string, eventProperties?: Record<string, unknown>, eventOptions?: Record<string, unknown>): unknown;
}

export type ExposureSink = (event: GuidepostEvent) => void;

/** An exposure worth forwarding: in an experiment, with a variation, not forced (unless asked). */
export function isForwardedExposure(event: GuidepostEvent, options: ExposureSinkOptions = {}): boolean {
  if (event.type !== 'exposure') return false;
  if (typeof event.experiment !== 'string' || typeof event.variation !== 'string') return false;
  return options.includeForced === true || event.forced !== true;
}

/** Properties every vendor gets besides its own experiment/variant keys. */
export function exposureContext(event: GuidepostEvent): Record<string, unknown> {
  return {
    counterfactual: event.counterfactual === true,
    rendered: event.rendered === true,
    item_id: event.item_id,
    item_type: event.item_type,
    ...(event.bucket_version !== undefined ? { bucket_version: event.bucket_version } : {}),
    ...(event.unit !== undefined ? { unit: event.unit } : {}),
    ...(event.forced ? { forced: true } : {}),
    guidepost_event_id: event.event_id,
  };
}

/** Segment: `analytics.track('Experiment Viewed', { experiment_id, variation_id, ... }, { timestamp })`. */
export function segmentExposures(analytics: SegmentClient, options: ExposureSinkOptions = {}): ExposureSink {
  return (event) => {
    if (!isForwardedExposure(event, options)) return;
    analytics.track(
      options.eventName ?? 'Experiment Viewed',
      {
        experiment_id: event.experiment,
        experiment_name: event.experiment,
        variation_id: event.variation,
        variation_name: event.variation,
        ...exposureContext(event),
      },
      { timestamp: event.ts },
    );
  };
}

/** GA4: `gtag('event', 'experiment_viewed', { experiment_id, variant_id, exp_variant_string, ... })`. */
export function ga4Exposures(gtag: Gtag, options: ExposureSinkOptions = {}): ExposureSink {
  return (event) => {
    if (!isForwardedExposure(event, options)) return;
    const context = exposureContext(event);
    gtag('event', options.eventName ?? 'experiment_viewed', {
      experiment_id: event.experiment,
      variant_id: event.variation,
      exp_variant_string: `GP-${event.experiment}-${event.variation}`,
      // GA4 parameters are strings or numbers.
      counterfactual: context.counterfactual ? 'true' : 'false',
      rendered: context.rendered ? 'true' : 'false',
      item_id: event.item_id,
      guidepost_event_id: event.event_id,
    });
  };
}

/** PostHog: `posthog.capture('$feature_flag_called', { $feature_flag, $feature_flag_response, ... }, { timestamp })`. */
export function posthogExposures(posthog: PostHogClient, options: ExposureSinkOptions = {}): ExposureSink {
  return (event) => {
    if (!isForwardedExposure(event, options)) return;
    posthog.capture(
      options.eventName ?? '$feature_flag_called',
      {
        $feature_flag: event.experiment,
        $feature_flag_response: event.variation,
        ...exposureContext(event),
      },
      { timestamp: new Date(event.ts) },
    );
  };
}

/** Amplitude: `amplitude.track('$exposure', { flag_key, variant, experiment_key, ... }, { time })`. */
export function amplitudeExposures(amplitude: AmplitudeClient, options: ExposureSinkOptions = {}): ExposureSink {
  return (event) => {
    if (!isForwardedExposure(event, options)) return;
    amplitude.track(
      options.eventName ?? '$exposure',
      {
        flag_key: event.experiment,
        variant: event.variation,
        experiment_key: event.experiment,
        ...exposureContext(event),
      },
      { time: Date.parse(event.ts) },
    );
  };
}
