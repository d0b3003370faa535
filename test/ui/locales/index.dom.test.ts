/**
 * The SDK's own words by locale (src/ui/locales) and the widgets' split (src/ui/widgets.tsx):
 * the core's loader picks the same table chooseLocale picked when every table shipped with the
 * UI; English and unknown languages load nothing; an instance draws its first surfaces in its
 * language; a table that cannot be loaded leaves English and one report; start() still resolves
 * with a banner on screen (its chunk loaded first); the layer's own stylesheet leaves the
 * widgets' rules to their chunk.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseLocale } from '../../../src/manifest/localize';
import { createGuidepost, memoryStorage, type GuidepostError } from '../../../src/index';
import { loadUiStrings } from '../../../src/ui/locales';
import { strings as ar } from '../../../src/ui/locales/ar';
import { strings as de } from '../../../src/ui/locales/de';
import { strings as es } from '../../../src/ui/locales/es';
import { strings as fr } from '../../../src/ui/locales/fr';
import { strings as he } from '../../../src/ui/locales/he';
import { strings as ru } from '../../../src/ui/locales/ru';
import { strings as sk } from '../../../src/ui/locales/sk';
import { strings as zhCN } from '../../../src/ui/locales/zh-CN';
import { strings as zhTW } from '../../../src/ui/locales/zh-TW';
import { PART } from '../../../src/ui/parts';
import { uiStrings, type UiStrings } from '../../../src/ui/strings';
import { INLINE_CSS, LAYER_CSS } from '../../../src/ui/styles';
import { DEBUG_CSS } from '../../../src/ui/debug-styles';
import { WIDGETS_CSS } from '../../../src/ui/widget-styles';

/** Every tag that had a table when all of them shipped with the UI, English first. */
const TAGS = ['en', 'es', 'zh-CN', 'zh-TW', 'sk', 'ru', 'de', 'fr', 'ar', 'he'];
const TABLES: Record<string, UiStrings> = { en: uiStrings('en'), es, 'zh-CN': zhCN, 'zh-TW': zhTW, sk, ru, de, fr, ar, he };
const tableOf = (tag: string): UiStrings => TABLES[tag]!;

afterEach(() => {
  document.body.innerHTML = '';
  vi.doUnmock('../../../src/ui/locales/de');
  vi.resetModules();
});

describe('choosing and loading a table', () => {
  it.each(['en', 'en-GB', 'EN', 'es', 'es-MX', 'ES-419', 'zh', 'zh-CN', 'zh-TW', 'zh-Hant-TW', 'zh-HK', 'zh-Hant', 'zh-Hans-HK', 'zh-SG', 'zh_TW', 'zh-TW-u-nu-latn', 'zh-TW-x-abcd', 'zh-CN-u-ca-hant', 'ZH-cn', 'sk', 'ru-RU', 'de', 'de-AT', 'fr-CA', 'ar', 'ar-EG', 'he', 'iw', 'ja', 'pt-BR', '', 'constructor', '__proto__', 'toString'])(
    '%j gets the table chooseLocale picks among all tags',
    async (locale) => {
      const onError = vi.fn();
      const loaded = await loadUiStrings(locale, onError);
      expect(uiStrings(locale, loaded)).toEqual(tableOf(chooseLocale(locale, TAGS, 'en')!));
      expect(onError).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['zh-TW', 'zh-TW'], ['zh-HK', 'zh-TW'], ['zh-MO', 'zh-TW'], ['zh-Hant', 'zh-TW'], ['zh-Hant-CN', 'zh-TW'], ['ZH_tw', 'zh-TW'], ['zh-TW-u-nu-latn', 'zh-TW'], ['zh-TW-x-abcd', 'zh-TW'],
    ['zh', 'zh-CN'], ['zh-CN', 'zh-CN'], ['zh-SG', 'zh-CN'], ['zh-Hans-HK', 'zh-CN'], ['zh-Hans-TW', 'zh-CN'], ['zh-CN-u-ca-hant', 'zh-CN'],
  ])('Chinese by script: %j gets the %s table', async (locale, tag) => {
    expect(Object.keys(await loadUiStrings(locale, () => undefined))).toEqual([tag]);
  });

  it('English and languages without a table load nothing', async () => {
    for (const locale of ['en', 'en-US', 'ja', 'constructor', 'hasOwnProperty', '']) expect(await loadUiStrings(locale, () => undefined)).toEqual({});
  });

  it('a table that cannot be loaded resolves to nothing (English) and is reported through onError', async () => {
    vi.doMock('../../../src/ui/locales/de', () => {
      throw new Error('offline');
    });
    const { loadUiStrings: load } = await import('../../../src/ui/locales');
    const onError = vi.fn();
    const loaded = await load('de-CH', onError);
    expect(loaded).toEqual({});
    expect(uiStrings('de-CH', loaded).next).toBe('Next');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0]).toBe('de');
  });
});

// Texts in German, as a German reader gets them.
const tour = { id: 'tour', type: 'tour', steps: [{ title: { de: 'Eins' }, body: { de: 'Erstens.' } }, { title: { de: 'Zwei' }, body: { de: 'Zweitens.' } }] };
const layer = () => document.querySelector('[data-guidepost-host=layer]')?.shadowRoot;

function start(locale: string, items: unknown[]) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, storage: memoryStorage(), locale, onError: (e) => errors.push(e) });
  return { gp, errors, started: gp.start() };
}

describe('an instance', () => {
  it('draws its first tour step in its language', async () => {
    const { gp, errors, started } = start('de', [tour]);
    await started;
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step] [data-action=next]')).toBeTruthy());
    expect(layer()!.querySelector('[data-part=tour-step] [data-action=next]')!.textContent).toBe('Weiter');
    expect(layer()!.querySelector('[data-part=progress-text]')!.textContent).toBe('1 von 2');
    expect(errors).toEqual([]);
    gp.destroy();
  });

  it('whose table cannot be loaded draws English and reports it once', async () => {
    vi.doMock('../../../src/ui/locales/de', () => {
      throw new Error('offline');
    });
    const { createGuidepost: create } = await import('../../../src/index');
    document.body.innerHTML = '';
    const errors: GuidepostError[] = [];
    const gp = create({ manifest: { schemaVersion: 1, revision: 'r', items: [tour] }, storage: memoryStorage(), locale: 'de', onError: (e) => errors.push(e) });
    await gp.start();
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=tour-step] [data-action=next]')).toBeTruthy());
    expect(layer()!.querySelector('[data-part=tour-step] [data-action=next]')!.textContent).toBe('Next');
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('internal');
    expect(errors[0].message).toMatch(/^the UI words in "de" could not be loaded \(English is shown\): /);
    gp.destroy();
  });

  it('start() resolves with a banner and a checklist on screen, in its language', async () => {
    const items = [
      { id: 'news', type: 'banner', body: { de: 'Neu' } },
      { id: 'list', type: 'checklist', title: { de: 'Los' }, tasks: [{ id: 'a', title: 'A', completeOn: 'a' }] },
    ];
    const { gp, errors, started } = start('de', items);
    await started;
    expect(layer()!.querySelector('[data-part=banner][data-item=news] [data-part=close]')!.getAttribute('aria-label')).toBe('Schließen');
    expect(layer()!.querySelector('[data-part=checklist][data-item=list]')).not.toBeNull();
    expect(errors).toEqual([]);
    gp.destroy();
  });
});

describe('stylesheets', () => {
  const styled = (css: string) => [...css.matchAll(/\[data-part=([a-z-]+)\]/g)].map((m) => m[1]);

  it("the widgets' sheet styles only listed parts, and the layer's own sheet none of its surfaces", () => {
    const names = new Set<string>(Object.values(PART));
    expect(styled(WIDGETS_CSS).filter((name) => !names.has(name))).toEqual([]);
    for (const part of ['banner', 'checklist', 'checklist-panel', 'hotspot', 'beacon', 'help-link']) {
      expect(styled(WIDGETS_CSS)).toContain(part);
      expect(styled(LAYER_CSS + INLINE_CSS)).not.toContain(part);
    }
  });

  it("the debug tools' sheet styles only listed parts, and the layer's own sheet none of them", () => {
    const names = new Set<string>(Object.values(PART));
    expect(styled(DEBUG_CSS).filter((name) => !names.has(name))).toEqual([]);
    for (const part of ['debug-panel', 'debug-label', 'debug-experiment', 'picker', 'picker-highlight', 'picker-result']) {
      expect(styled(DEBUG_CSS)).toContain(part);
      expect(styled(LAYER_CSS + INLINE_CSS + WIDGETS_CSS)).not.toContain(part);
    }
  });
});
