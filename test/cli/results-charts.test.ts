/** src/cli/results-charts.ts: the results page's SVG charts, named and described, names from the events escaped. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PopulationResult, TourResult } from '../../src/analysis/report';
import { conversionChart, funnelChart, liftChart } from '../../src/cli/results-charts';
import { resetIds } from '../../src/cli/results-markup';

const arm = (variation: string, units: number, rate: number, control = false) => ({ variation, units, rate, rateCi: [Math.max(0, rate - 0.05), rate + 0.05] as [number, number], control });
const population = (fields: Partial<PopulationResult>) => ({ arms: [], comparisons: [], ...fields }) as unknown as PopulationResult;

beforeEach(() => resetIds());

describe('charts of the results page', () => {
  it('conversion: one labelled bar and interval per arm, named and described for screen readers', () => {
    const svg = conversionChart('Conversion by arm', population({ arms: [arm('control', 500, 0.2, true), arm('help', 500, 0.29)] as never }));
    expect(svg).toContain('<title id="chart-title-1">Conversion by arm</title>');
    expect(svg).toContain('aria-labelledby="chart-title-1 chart-desc-2"');
    expect(svg.match(/<rect class="bar /g)).toHaveLength(2);
    expect(svg.match(/class="whisker"/g)).toHaveLength(6);
    expect(svg).toMatch(/<desc id="chart-desc-2">control: 20\.0% \(95% CI .*\) of 500; help: 29\.0%/);
  });

  it('no chart where no arm has units yet: an empty axis would suggest a scale the data does not have', () => {
    expect(conversionChart('x', population({ arms: [arm('control', 0, Number.NaN, true)] as never }))).toBe('');
    expect(liftChart(population({}))).toBe('');
  });

  it('names from the events are escaped, their bidirectional controls shown, and isolated where they sit among numbers', () => {
    const svg = conversionChart('C', population({ arms: [arm('<img onerror=x>', 10, 0.1, true), arm('\u202eevil', 10, 0.2)] as never }));
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img onerror=x&gt;');
    expect(svg).not.toContain('\u202e');
    expect(svg).toContain('\u2068\\u202eevil\u2069: 20.0%');
  });

  it('lift: each comparison against the zero line, the significant ones marked', () => {
    const comparison = (variation: string, lift: number, significant: boolean) => ({ variation, control: 'control', absoluteLift: lift, absoluteCi: [lift - 0.02, lift + 0.02], significant });
    const svg = liftChart(population({ comparisons: [comparison('a', 0.09, true), comparison('b', 0.005, false)] as never }));
    expect(svg).toContain('class="zero"');
    expect(svg.match(/<circle class="point significant"/g)).toHaveLength(1);
    expect(svg).toContain('a vs control: +9.0 points');
  });

  it('funnel: one bar per step, then the completions, each with its count', () => {
    const tour = { tour: 'welcome', version: 2, started: 100, completed: 40, steps: [{ step: 0, units: 100 }, { step: 1, units: 70 }] } as unknown as TourResult;
    const svg = funnelChart(tour);
    expect(svg).toContain('Funnel of welcome version 2');
    expect(svg.match(/<rect class="bar bar-step"/g)).toHaveLength(2);
    expect(svg.match(/<rect class="bar bar-done"/g)).toHaveLength(1);
    expect(svg).toContain('Step 1: 100; Step 2: 70; Completed: 40');
  });
});
