/**
 * Analytics sinks with fake vendor clients: each forwards experiment exposures — real and
 * counterfactual (the control arm), marked — in the vendor's documented shape, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { GuidepostEvent } from '../../src/track/event';
import { amplitudeExposures, ga4Exposures, posthogExposures, segmentExposures } from '../../src/track/sinks';
import { createTracker } from '../../src/track/tracker';
import { context } from '../support/delivery-helpers';
import { makeEvent } from '../fixtures/events';

const base: GuidepostEvent = makeEvent({
  url: 'https://app.test/',
  item_type: 'tour',
  experiment: 'welcome-tour',
  variation: 'treatment',
  bucket_version: 1,
  unit: 'user',
  unit_id: 'u1',
  counterfactual: false,
});
const control: GuidepostEvent = { ...base, event_id: '0193f0c2-7a00-7000-8000-000000000002', variation: 'control', rendered: false, counterfactual: true };
const others: GuidepostEvent[] = [
  { ...base, event_id: '0193f0c2-7a00-7000-8000-000000000003', type: 'shown' },
  { ...base, event_id: '0193f0c2-7a00-7000-8000-000000000004', experiment: undefined, variation: undefined }, // not in an experiment
  { ...base, event_id: '0193f0c2-7a00-7000-8000-000000000005', forced: true }, // QA override
  { ...base, event_id: '0193f0c2-7a00-7000-8000-000000000006', type: 'goal', name: 'project_created', item_id: undefined },
];

function record() {
  const calls: unknown[][] = [];
  return { calls, fn: (...args: unknown[]) => void calls.push(args) };
}

describe('exposure sinks', () => {
  it('Segment: "Experiment Viewed" with experiment_id / variation_id, control arm marked counterfactual', () => {
    const { calls, fn } = record();
    const sink = segmentExposures({ track: fn });
    [base, control, ...others].forEach(sink);
    expect(calls).toEqual([
      [
        'Experiment Viewed',
        expect.objectContaining({ experiment_id: 'welcome-tour', experiment_name: 'welcome-tour', variation_id: 'treatment', variation_name: 'treatment', counterfactual: false, rendered: true, item_id: 'welcome', guidepost_event_id: base.event_id }),
        { timestamp: base.ts },
      ],
      ['Experiment Viewed', expect.objectContaining({ experiment_id: 'welcome-tour', variation_id: 'control', counterfactual: true, rendered: false }), { timestamp: control.ts }],
    ]);
  });

  it('GA4: gtag("event", "experiment_viewed", { experiment_id, variant_id, ... })', () => {
    const { calls, fn } = record();
    const sink = ga4Exposures(fn);
    [base, control, ...others].forEach(sink);
    expect(calls).toEqual([
      ['event', 'experiment_viewed', expect.objectContaining({ experiment_id: 'welcome-tour', variant_id: 'treatment', exp_variant_string: 'GP-welcome-tour-treatment', counterfactual: 'false' })],
      ['event', 'experiment_viewed', expect.objectContaining({ experiment_id: 'welcome-tour', variant_id: 'control', counterfactual: 'true', rendered: 'false' })],
    ]);
    // GA4 parameters are strings or numbers only.
    for (const [, , params] of calls) for (const value of Object.values(params as object)) expect(['string', 'number']).toContain(typeof value);
  });

  it('PostHog: "$feature_flag_called" with $feature_flag / $feature_flag_response', () => {
    const { calls, fn } = record();
    const sink = posthogExposures({ capture: fn });
    [base, control, ...others].forEach(sink);
    expect(calls.map(([name, props]) => [name, (props as Record<string, unknown>).$feature_flag, (props as Record<string, unknown>).$feature_flag_response, (props as Record<string, unknown>).counterfactual])).toEqual([
      ['$feature_flag_called', 'welcome-tour', 'treatment', false],
      ['$feature_flag_called', 'welcome-tour', 'control', true],
    ]);
    expect((calls[0][2] as { timestamp: Date }).timestamp.toISOString()).toBe(base.ts);
  });

  it('Amplitude: "$exposure" with flag_key / variant (ingested as [Experiment] Exposure); the name is configurable', () => {
    const { calls, fn } = record();
    [base, control, ...others].forEach(amplitudeExposures({ track: fn }));
    expect(calls).toEqual([
      ['$exposure', expect.objectContaining({ flag_key: 'welcome-tour', variant: 'treatment', experiment_key: 'welcome-tour', counterfactual: false }), { time: Date.parse(base.ts) }],
      ['$exposure', expect.objectContaining({ flag_key: 'welcome-tour', variant: 'control', counterfactual: true }), { time: Date.parse(control.ts) }],
    ]);
    const named = record();
    amplitudeExposures({ track: named.fn }, { eventName: '[Experiment] Exposure' })(base);
    expect(named.calls[0][0]).toBe('[Experiment] Exposure');
  });

  it('forwards QA-forced exposures only when asked', () => {
    const { calls, fn } = record();
    segmentExposures({ track: fn }, { includeForced: true })(others[2]);
    expect(calls[0][1]).toMatchObject({ forced: true });
  });

  it('plug into the tracker as sinks (or onEvent); a throwing client is reported, never thrown', () => {
    const reports: string[] = [];
    const { calls, fn } = record();
    const t = createTracker(context(), {
      report: (e) => reports.push(e.message),
      sinks: [
        posthogExposures({ capture: fn }),
        segmentExposures({
          track: () => {
            throw new Error('analytics not loaded');
          },
        }),
      ],
    });
    expect(() => t.emit({ type: 'exposure', item_id: 'welcome', experiment: 'welcome-tour', variation: 'control', rendered: false, counterfactual: true })).not.toThrow();
    expect(calls).toHaveLength(1);
    expect(reports).toEqual(['analytics not loaded']);
    t.dispose();
  });
});
