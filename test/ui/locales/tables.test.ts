/**
 * src/ui/locales/*.ts, the tables of the SDK's own words: every table in the folder (a new one is
 * picked up here by itself) has exactly the English keys, each a non-empty, trimmed, plain string
 * (no markup, no control or bidi-override characters), with the same placeholders as the English
 * word ("{n} of {total}" keeps {n} and {total}, a done task's
 * "{task}: done, {n} of {total}" its {task} too, the others have none), is translated (not a copy
 * of the English), is written in its script (Arabic and Hebrew tables in theirs, the others in
 * none of those), and is what the core's loader and uiStrings() give for its tag. Arabic and
 * Hebrew are read right to left, the other languages left to right. (Which table each locale
 * gets: index.dom.test.ts.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRightToLeft } from '../../../src/manifest/localize';
import { resolveContent } from '../../../src/ui/content';
import { loadUiStrings } from '../../../src/ui/locales';
import { format, uiStrings, type UiStrings } from '../../../src/ui/strings';

const english = uiStrings('en');
const dir = join(process.cwd(), 'src/ui/locales');
const TAGS = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

const modules = Object.fromEntries(await Promise.all(TAGS.map(async (tag) => [tag, (await import(`../../../src/ui/locales/${tag}.ts`)) as Record<string, unknown>] as const)));
const tableOf = (tag: string) => modules[tag].strings as UiStrings;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const RTL_TAGS = ['ar', 'he'];
const SCRIPTS: Record<string, RegExp> = { ar: /[\u0600-\u06FF]/, he: /[\u0590-\u05FF]/ };
const ANY_RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

describe('the tables in src/ui/locales', () => {
  it('are the shipped languages, each in a module exporting only its `strings`', () => {
    expect(TAGS).toEqual(expect.arrayContaining(['ar', 'de', 'es', 'fr', 'he', 'ru', 'sk', 'zh-CN', 'zh-TW']));
    for (const tag of TAGS) expect(Object.keys(modules[tag])).toEqual(['strings']);
  });

  it.each(TAGS)('%s has exactly the English keys', (tag) => {
    expect(Object.keys(tableOf(tag)).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(TAGS)('%s: every word is a non-empty, trimmed, plain string', (tag) => {
    for (const [key, value] of Object.entries(tableOf(tag))) {
      const where = `${tag}.${key}`;
      expect(typeof value, where).toBe('string');
      expect(value.trim().length, where).toBeGreaterThan(0);
      expect(value, where).toBe(value.trim());
      // eslint-disable-next-line no-control-regex
      expect(value, where).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
      // Embeddings and overrides would reorder what follows the word on the card.
      expect(value, where).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(value, where).not.toMatch(/[<>]|&[a-z#0-9]+;/i);
    }
  });

  it.each(TAGS)('%s keeps the placeholders of each English word, and has no others', (tag) => {
    const table = tableOf(tag);
    for (const key of Object.keys(english) as Exclude<keyof UiStrings, 'lang' | 'dir'>[]) {
      expect([key, placeholders(table[key])]).toEqual([key, placeholders(english[key])]);
      // No stray braces that format() would leave on screen.
      expect(table[key].replace(/\{(n|total|task)\}/g, ''), `${tag}.${key}`).not.toMatch(/[{}]/);
    }
  });

  it.each(TAGS)('%s counters read with their numbers filled in', (tag) => {
    const table = tableOf(tag);
    for (const key of ['stepOf', 'tasksDone', 'taskDone'] as const) {
      const text = format(table[key], { n: 2, total: 5, task: 'Xyz' });
      expect(text).toMatch(/2/);
      expect(text).toMatch(/5/);
    }
    // A task done is said with its title (checklists' live announcement).
    expect(format(table.taskDone, { task: 'Xyz', n: 2, total: 5 })).toContain('Xyz');
  });

  it.each(TAGS)('%s is translated, not a copy of the English', (tag) => {
    const table = tableOf(tag);
    for (const key of ['close', 'next', 'back', 'done', 'skip', 'helpful', 'thanks', 'send'] as const) {
      expect([key, table[key] === english[key]]).toEqual([key, false]);
    }
  });

  it.each(TAGS)('%s is written in its script', (tag) => {
    const table = tableOf(tag);
    for (const [key, value] of Object.entries(table)) {
      const words = value.replace(/\{\w+\}/g, '');
      if (SCRIPTS[tag]) expect([key, SCRIPTS[tag].test(words)]).toEqual([key, true]);
      else expect([key, ANY_RTL_SCRIPT.test(words)]).toEqual([key, false]);
    }
  });

  it.each(TAGS)('%s: its direction is right to left exactly for Arabic and Hebrew', (tag) => {
    const rtl = RTL_TAGS.includes(tag);
    expect(isRightToLeft(tag)).toBe(rtl);
    expect(resolveContent({ title: { [tag]: tableOf(tag).next } }, { locale: tag, defaultLocale: 'en', lookup: () => undefined }).dir).toBe(rtl ? 'rtl' : 'ltr');
  });

  it.each(TAGS)("%s is what the core's loader and uiStrings() give for its tag", async (tag) => {
    const errors: unknown[] = [];
    const loaded = await loadUiStrings(tag, (...error) => errors.push(error));
    expect(Object.keys(loaded)).toEqual([tag]);
    expect(loaded[tag]).toBe(tableOf(tag));
    expect(uiStrings(tag, loaded)).toBe(tableOf(tag));
    expect(errors).toEqual([]);
  });

  it('no two languages share a table', () => {
    const skips = TAGS.map((tag) => tableOf(tag).skip);
    expect(new Set(skips).size).toBe(TAGS.length);
  });
});
