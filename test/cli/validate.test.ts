/**
 * `guidepost validate` end to end through `main()`: positions in the file, the text and JSON
 * outputs, missing translations, JSON syntax errors and exit codes. Files are real files in
 * a temporary folder; output is captured instead of printed.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

let fileCounter = 0;
async function writeManifest(text: string, name = `manifest-${++fileCounter}.json`): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** 1-based line and column of the `occurrence`-th (1-based) appearance of `needle` in `text`. */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let n = 0; n < occurrence; n++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const at = (file: string, text: string, needle: string, occurrence = 1) => {
  const { line, column } = positionOf(text, needle, occurrence);
  return `${file}:${line}:${column}:`;
};

// Written by hand, the way a writer formats it, so positions are not all on one line.
const BROKEN = `{
  "schemaVersion": 1,
  "revision": "r-1",
  "itemz": [],
  "items": [
    {
      "id": "tip",
      "type": "tooltip",
      "target": "#save",
      "body": "Saves your work.",
      "placment": "top"
    },
    {
      "id": "tour",
      "type": "tour",
      "steps": [
        { "body": "One", "placement": "top" },
        { "body": "Two", "placement": "middle" }
      ]
    },
    {
      "id": "no-type",
      "body": "Where am I?"
    },
    {
      "id": "promo",
      "type": "banner",
      "body": "Try it",
      "requires": ["tuor"]
    },
    {
      "id": "fine",
      "type": "banner",
      "body": "I am fine."
    }
  ]
}
`;

describe('guidepost validate: positions', () => {
  it('points each problem at the key to fix, with file:line:column', async () => {
    const file = await writeManifest(BROKEN);
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    expect(out).toEqual([
      `${at(file, BROKEN, '"itemz"')} error: itemz: unknown key "itemz" — did you mean "items"?`,
      `${at(file, BROKEN, '"placment"')} error: item "tip" at items[0].placment: unknown key "placment" — did you mean "placement"?`,
      // The second "placement" in the file is the second step's.
      `${at(file, BROKEN, '"placement"', 2)} error: item "tour" at items[1].steps[1].placement: expected one of "top", "top-start", "top-end", "bottom", "bottom-start", "bottom-end", "left", "left-start", "left-end", "right", "right-start", "right-end", "center", found "middle"`,
      // A missing key has no position of its own: the object that lacks it is pointed at.
      `${at(file, BROKEN, '{\n      "id": "no-type"')} error: item "no-type" at items[2].type: missing required key "type" (one of "helpLink", "tooltip", "hotspot", "tour", "banner", "checklist")`,
      // An array element is pointed at itself.
      `${at(file, BROKEN, '"tuor"')} error: item "promo" at items[3].requires[0]: requires "tuor", but no item has that id — did you mean "tour"?`,
      `${file}: 5 errors`,
    ]);
  });

  it('an item skipped for one mistake is also told its broken references and missing translations, in one run', async () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      revision: 'r1',
      items: [
        { id: 'a', type: 'banner', body: 'Hi', bogus: 1, requires: ['missing-item'], buttons: [{ label: 'Go', action: 'startTour', tour: 'nope' }] },
        { id: 'b', type: 'banner', body: { en: 'Hello' } },
      ],
    }, null, 2);
    const file = await writeManifest(text);
    const { code, out } = await run('validate', file, '--locales', 'es');
    expect(code).toBe(1);
    expect(out).toEqual([
      expect.stringContaining('warning: item "a" at items[0].body: no "es" translation'),
      `${at(file, text, '"bogus"')} error: item "a" at items[0].bogus: unknown key "bogus" (known keys: type, id, title, body, buttons, image, when, trigger, schedule, frequency, priority, requires, goal, experiment, version, reshowOnNewVersion, interruptive, slot, target, push, dismissible)`,
      `${at(file, text, '"missing-item"')} error: item "a" at items[0].requires[0]: requires "missing-item", but no item has that id`,
      expect.stringContaining('warning: item "a" at items[0].buttons[0].label: no "es" translation'),
      expect.stringContaining('error: item "a" at items[0].buttons[0].tour: no tour has the id "nope"'),
      expect.stringContaining('warning: item "b" at items[1].body: no "es" translation'),
      `${file}: 3 errors, 3 warnings`,
    ]);
  });

  it('lists problems in file order, whatever order they were found in', async () => {
    // The validator checks top-level keys before items; here the typo comes last in the file.
    const text = '{\n  "schemaVersion": 1,\n  "revision": "r",\n  "items": [{"id": "a", "type": "banner", "body": "x", "slot": "side"}],\n  "experimnts": []\n}';
    const file = await writeManifest(text);
    const { out } = await run('validate', file);
    expect(out.map((line) => line.split(': ')[0])).toEqual([at(file, text, '"slot"').slice(0, -1), at(file, text, '"experimnts"').slice(0, -1), file]);
  });

  it('the positions are those of the keys, checked independently of the message', async () => {
    const file = await writeManifest(BROKEN);
    const { out } = await run('validate', file, '--json');
    const problems = JSON.parse(out[0]).files[0].problems as { path: string; line: number; column: number }[];
    const byPath = Object.fromEntries(problems.map((p) => [p.path, { line: p.line, column: p.column }]));
    expect(byPath['items[0].placment']).toEqual(positionOf(BROKEN, '"placment"'));
    expect(byPath['items[1].steps[1].placement']).toEqual({ line: 18, column: 26 });
    expect(byPath['items[3].requires[0]']).toEqual({ line: 29, column: 20 });
  });

  it('reproduces the example output printed in docs/manifest.md exactly', async () => {
    const doc = await readFile(new URL('../../docs/manifest.md', import.meta.url), 'utf8');
    const manifest = /<!-- example: invalid manifest -->\n```jsonc\n([\s\S]*?)^```/m.exec(doc)![1];
    const expected = /<!-- example: validate output -->\n```text\n([\s\S]*?)^```/m.exec(doc)![1].trimEnd().split('\n');
    const sub = await mkdtemp(join(dir, 'doc-'));
    const file = join(sub, 'manifest.json');
    await writeFile(file, manifest);
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    expect(out.map((line) => line.replaceAll(`${sub}/`, ''))).toEqual(expected);
  });
});

describe('guidepost validate --json', () => {
  it('prints one JSON object: overall validity, and per file its problems with code, path, item, position', async () => {
    const file = await writeManifest(BROKEN);
    const { code, out } = await run('validate', file, '--json');
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]);
    expect(Object.keys(report).sort()).toEqual(['files', 'valid']);
    expect(report.valid).toBe(false);
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({ file, valid: false });
    expect(report.files[0].problems).toHaveLength(5);
    expect(report.files[0].problems[1]).toEqual({
      code: 'unknown-key',
      message: 'item "tip" at items[0].placment: unknown key "placment" — did you mean "placement"?',
      path: 'items[0].placment',
      itemId: 'tip',
      received: 'placment',
      suggestion: 'placement',
      severity: 'error',
      ...positionOf(BROKEN, '"placment"'),
    });
    for (const problem of report.files[0].problems) {
      expect(problem).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), path: expect.any(String), severity: 'error', line: expect.any(Number), column: expect.any(Number) }));
    }
  });

  it('reports every file, valid ones with an empty problem list', async () => {
    const good = await writeManifest('{"schemaVersion": 1, "revision": "r", "items": []}');
    const bad = await writeManifest(BROKEN);
    const { code, out } = await run('validate', good, bad, '--json');
    expect(code).toBe(1);
    const report = JSON.parse(out[0]);
    expect(report.valid).toBe(false);
    expect(report.files.map((f: { file: string; valid: boolean; problems: unknown[] }) => [f.file, f.valid, f.problems.length])).toEqual([[good, true, 0], [bad, false, 5]]);
  });
});

const TRANSLATED = `{
  "schemaVersion": 1,
  "revision": "r-2",
  "defaultLocale": "en",
  "items": [
    { "id": "broken", "type": "banner", "body": "x", "slot": "middle" },
    {
      "id": "welcome",
      "type": "banner",
      "title": { "en": "Welcome", "es": "Bienvenido", "zh-CN": "欢迎" },
      "body": { "en": "Hello", "es": "Hola" },
      "buttons": [{ "label": "OK", "action": "dismiss" }]
    },
    {
      "id": "tip",
      "type": "tooltip",
      "target": "#a",
      "body": { "en": "Tip", "es": "", "zh": "提示" },
      "image": { "src": "/a.png", "alt": { "en": "A", "es": "Una", "zh-CN": "一" } }
    }
  ]
}
`;

describe('guidepost validate --locales', () => {
  it('lists every missing translation by item and path, as warnings; the file stays valid', async () => {
    const fixed = TRANSLATED.replace('"slot": "middle"', '"slot": "top"');
    const file = await writeManifest(fixed);
    const { code, out } = await run('validate', file, '--locales', 'es,zh-CN');
    expect(code).toBe(0);
    expect(out).toEqual([
      // items[0].body is a plain string: nothing was translated.
      `${at(file, fixed, '"body": "x"')} warning: item "broken" at items[0].body: no "es" translation`,
      `${at(file, fixed, '"body": "x"')} warning: item "broken" at items[0].body: no "zh-CN" translation`,
      `${at(file, fixed, '"body": { "en": "Hello"')} warning: item "welcome" at items[1].body: no "zh-CN" translation`,
      `${at(file, fixed, '"label"')} warning: item "welcome" at items[1].buttons[0].label: no "es" translation`,
      `${at(file, fixed, '"label"')} warning: item "welcome" at items[1].buttons[0].label: no "zh-CN" translation`,
      // An empty string is "not translated yet"; "zh" serves "zh-CN" readers (same language).
      `${at(file, fixed, '"body": { "en": "Tip"')} warning: item "tip" at items[2].body: no "es" translation`,
      `${file}: valid (6 warnings)`,
    ]);
  });

  it('keeps the paths of the file when an invalid item before them was skipped', async () => {
    const file = await writeManifest(TRANSLATED);
    const { code, out } = await run('validate', file, '--locales=zh-CN', '--json');
    expect(code).toBe(1);
    const problems = JSON.parse(out[0]).files[0].problems as { code: string; path: string; itemId?: string; locale?: string }[];
    // The skipped item's texts are listed too: it shows once its mistake is fixed.
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['missing-translation', 'items[0].body'],
      ['invalid-value', 'items[0].slot'],
      ['missing-translation', 'items[1].body'],
      ['missing-translation', 'items[1].buttons[0].label'],
    ]);
  });

  it('lists translations into them that leave out a variable or a link of the default text; not those into other locales', async () => {
    const text = JSON.stringify({ schemaVersion: 1, revision: 'r', declare: { traits: { user: { firstName: 'string' } } }, items: [
      { id: 'b', type: 'banner', title: { en: 'Hi {{user.traits.firstName|there}}', es: 'Hola', fr: 'Salut' }, body: { en: 'See [docs](/docs).', es: 'Ver la documentación.', fr: 'Voir la doc.' } },
    ] }, null, 2);
    const file = await writeManifest(text);
    const { code, out } = await run('validate', file, '--locales', 'es');
    expect(code).toBe(0);
    expect(out).toEqual([
      `${at(file, text, '"es": "Hola"')} warning: item "b" at items[0].title.es: the "es" text leaves out {{user.traits.firstName}} of the "en" text: readers in "es" would not see it`,
      `${at(file, text, '"es": "Ver')} warning: item "b" at items[0].body.es: the "es" text has no link where the "en" text has 1: readers in "es" would miss one; write it as [words](address)`,
      `${file}: valid (2 warnings)`,
    ]);
    expect((await run('validate', file)).out).toEqual([`${file}: valid`]);
  });

  it('serves a regional reader from the bare language ("es" serves --locales es-MX)', async () => {
    const file = await writeManifest('{"schemaVersion": 1, "revision": "r", "items": [{"id": "b", "type": "banner", "body": {"en": "Hi", "es": "Hola"}}]}');
    expect((await run('validate', file, '--locales', 'es-MX')).out).toEqual([`${file}: valid`]);
    expect((await run('validate', file, '--locales', 'pt-BR')).out).toEqual([
      `${file}:1:79: warning: item "b" at items[0].body: no "pt-BR" translation`,
      `${file}: valid (1 warning)`,
    ]);
  });
});

describe('guidepost validate: exit codes', () => {
  it('0 for a valid manifest, with a one-line summary', async () => {
    const file = await writeManifest('{"schemaVersion": 1, "revision": "r", "items": [{"id": "b", "type": "banner", "body": "Hi"}]}');
    expect(await run('validate', file)).toEqual({ code: 0, out: [`${file}: valid`], err: [] });
  });

  it('1 for an invalid manifest', async () => {
    const file = await writeManifest('{"schemaVersion": 1, "revision": "r", "items": [{"id": "b", "type": "banner"}]}');
    expect(await run('validate', file)).toEqual({
      code: 1,
      out: [`${file}:1:49: error: item "b" at items[0]: a banner needs a "title" or a "body"`, `${file}: 1 error`],
      err: [],
    });
  });

  it('1 for a manifest refused whole (unknown major schemaVersion)', async () => {
    const file = await writeManifest('{"schemaVersion": 2, "revision": "r", "items": []}');
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    expect(out[0]).toBe(`${file}:1:2: error: schemaVersion: this version of Guidepost reads schemaVersion 1, found 2; the manifest is refused whole`);
  });

  it('1 for a file that cannot be read', async () => {
    const missing = join(dir, 'does-not-exist.json');
    const { code, out } = await run('validate', missing);
    expect(code).toBe(1);
    expect(out[0]).toMatch(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: error: cannot read .*ENOENT`));
  });

  it('1 when any one of several files is invalid', async () => {
    const good = await writeManifest('{"schemaVersion": 1, "revision": "r", "items": []}');
    const bad = await writeManifest('{"schemaVersion": 1, "items": []}');
    const { code, out } = await run('validate', good, bad);
    expect(code).toBe(1);
    expect(out).toEqual([
      `${good}: valid`,
      `${bad}:1:1: error: revision: missing required key "revision" (a label for this version of the manifest, such as "2026-11-22.1"; every event carries it)`,
      `${bad}: 1 error`,
    ]);
  });

  it.each([
    [['validate'], 'validate needs at least one manifest file'],
    [['validate', 'm.json', '--strikt'], 'unknown option --strikt'],
    [['validate', 'm.json', '--locales'], '--locales needs a value'],
    [['validate', 'm.json', '--locales', 'english,es'], '--locales: "english" is not a locale tag such as "es" or "zh-CN"'],
    [['validate', 'm.json', '--locales', ','], '--locales needs at least one locale tag, e.g. --locales es,zh-CN'],
  ])('2 for a usage error: %j', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([`guidepost: ${message}\nusage: guidepost validate <manifest.json...> [--locales es,zh-CN] [--strict] [--json]`]);
  });

  it('2 for an unknown command', async () => {
    const { code, err } = await run('validat', 'm.json');
    expect(code).toBe(2);
    expect(err[0]).toContain('unknown command "validat"');
  });
});

describe('guidepost validate: JSON syntax errors', () => {
  it.each([
    ['a missing comma', '{\n  "schemaVersion": 1\n  "revision": "r",\n  "items": []\n}', 3, 3, 'JSON syntax error: expected a comma "," between two entries'],
    ['a trailing comma', '{\n  "schemaVersion": 1,\n  "revision": "r",\n  "items": [],\n}', 4, 14, 'JSON syntax error: trailing comma; remove the "," before "}"'],
    ['a trailing comma in an array', '{"schemaVersion": 1, "revision": "r",\n "items": [{"id": "a", "type": "banner", "body": "x"},]}', 2, 54, 'JSON syntax error: trailing comma; remove the "," before "]"'],
    ['single quotes', "{\n  'schemaVersion': 1\n}", 2, 3, 'JSON syntax error: unexpected character; strings need "double quotes"'],
    ['a comment', '{\n  // the manifest\n  "schemaVersion": 1\n}', 2, 3, 'JSON syntax error: comments are not allowed in JSON'],
    ['an unclosed string', '{\n  "schemaVersion": 1,\n  "revision": "r\n}', 3, 15, 'JSON syntax error: a string is not closed; add the closing "'],
    ['a tab inside a string', '{\n  "revision": "a\tb"\n}', 2, 17, 'JSON syntax error: a line break or tab inside a string; write \\n or \\t'],
    ['a missing closing brace', '{\n  "schemaVersion": 1,\n  "items": [\n', 4, 1, 'JSON syntax error: expected "]" to close the array'],
    ['an empty file', '', 1, 1, 'JSON syntax error: expected a value (a string, number, true, false, null, object or array)'],
  ])('reports %s at its line:column, once, with exit code 1', async (_name, text, line, column, message) => {
    const file = await writeManifest(text);
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    expect(out).toEqual([`${file}:${line}:${column}: error: ${message}`, `${file}: 1 error`]);
  });

  it('accepts a file saved with a byte-order mark', async () => {
    const file = await writeManifest('\uFEFF{"schemaVersion": 1, "revision": "r", "items": []}');
    expect((await run('validate', file)).code).toBe(0);
  });

  it('warns about a key written twice in one object (JSON keeps only the last)', async () => {
    const text = '{"schemaVersion": 1, "revision": "r", "items": [\n  {"id": "b", "type": "banner", "body": "first", "body": "second"}\n]}';
    const file = await writeManifest(text);
    const { code, out } = await run('validate', file);
    expect(code).toBe(0);
    expect(out).toEqual([
      `${at(file, text, '"body"', 2)} warning: items[0].body: the key "body" appears twice in the same object; only the last one counts`,
      `${file}: valid (1 warning)`,
    ]);
  });
});

describe('the writers\' mistakes of issue 17, put into a copy of the demo manifest', () => {
  const DEMO = JSON.parse(readFileSync(new URL('../../demo/manifest.json', import.meta.url), 'utf8')) as { items: Record<string, any>[] };
  const item = (manifest: typeof DEMO, id: string) => manifest.items.find((i) => i.id === id)!;
  /** The demo with eight mistakes, written out the way editors format JSON. */
  function broken(): string {
    const manifest = structuredClone(DEMO);
    const banner = item(manifest, 'trial-banner');
    banner.body.en = 'Hi {{user.trait.firstName|there}}, see [trees](https://en.wikipedia.org/wiki/Tree_(data_structure)) and [plans](javascript:alert(1)).';
    banner.when = { 'acount.plan': 'trial' };
    const tip = item(manifest, 'new-project-tip');
    tip.goal = 'project_creatd';
    tip.when['events.project_created.cuont'] = 1;
    item(manifest, 'getting-started').tasks[1].completeOn = 'task_create';
    const help = item(manifest, 'reports-help');
    help.placement = 'middle';
    help.title = 'Reports, {{user.traits.frstName}}';
    return `${JSON.stringify(manifest, null, 2)}\n`;
  }

  it('the demo itself is valid, with no warning, in every language it has', async () => {
    const { code, out } = await run('validate', join(process.cwd(), 'demo/manifest.json'), '--locales', 'es,zh-CN,sk,ru', '--strict');
    expect(out).toEqual([`${join(process.cwd(), 'demo/manifest.json')}: valid`]);
    expect(code).toBe(0);
  });

  it('reports all eight in one run, in file order, each at its position with a fix', async () => {
    const text = broken();
    const file = await writeManifest(text);
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    const expected = [
      [at(file, text, '"acount.plan"'), 'error: item "trial-banner" at items[0].when["acount.plan"]: condition on "acount.plan" is not an attribute — did you mean "account.plan"?'],
      [at(file, text, '{{user.trait.'), 'error: item "trial-banner" at items[0].body.en: template variable {{user.trait.firstName|there}}: "user.trait.firstName" is not an attribute — did you mean "user.traits.firstName"?'],
      [at(file, text, 'javascript:alert(1)'), 'error: item "trial-banner" at items[0].body.en: the link to "javascript:alert(1)" is not allowed: use an http(s), mailto or relative URL; readers would see its text without a link'],
      [at(file, text, '"placement": "middle"'), 'error: item "reports-help" at items[1].placement: expected one of'],
      [at(file, text, '{{user.traits.frstName}}'), 'error: item "reports-help" at items[1].title: template variable {{user.traits.frstName}}: "user.traits.frstName": "frstName" is not a user trait declared in "declare.traits.user"; declare it there or fix the name — did you mean "user.traits.firstName"?'],
      [at(file, text, '"goal": "project_creatd"'), 'error: item "new-project-tip" at items[3].goal: no event "project_creatd" is declared in "declare.events" — did you mean "project_created"?'],
      [at(file, text, '"events.project_created.cuont"'), 'error: item "new-project-tip" at items[3].when["events.project_created.cuont"]: condition on "events.project_created.cuont": "events.project_created" has no "cuont" — did you mean "events.project_created.count"?'],
      [at(file, text, '"completeOn": "task_create"'), 'error: item "getting-started" at items[6].tasks[1].completeOn: no event "task_create" is declared in "declare.events" — did you mean "task_created"?'],
    ];
    expect(out).toHaveLength(expected.length + 1);
    expected.forEach(([position, message], i) => expect(out[i].startsWith(`${position} ${message}`), `${out[i]}\n expected ${position} ${message}`).toBe(true));
    expect(out.at(-1)).toBe(`${file}: 8 errors`);
  });

  it('the balanced-parentheses link is not a mistake any more', async () => {
    const file = await writeManifest(broken());
    const { out } = await run('validate', file);
    expect(out.join('\n')).not.toContain('wikipedia');
  });
});

describe('guidepost validate --strict', () => {
  const MANIFEST = JSON.stringify({ schemaVersion: 1, revision: 'r', items: [{ id: 'b', type: 'banner', title: { en: 'Hi {{user.traits.firstName|there}}' } }] }, null, 2);

  it('without it, warnings (a missing translation, an undeclared trait) leave the file valid: exit 0', async () => {
    const file = await writeManifest(MANIFEST);
    const { code, out } = await run('validate', file, '--locales', 'es');
    expect(out.map((line) => line.replace(/^.*?: (warning|error): /, '$1: '))).toEqual([
      'warning: item "b" at items[0].title: no "es" translation',
      'warning: item "b" at items[0].title.en: template variable {{user.traits.firstName|there}}: "user.traits.firstName": the user trait "firstName" is not declared; list the traits your product passes in "declare.traits.user" so that a misspelt one is an error',
      `${file}: valid (2 warnings)`,
    ]);
    expect(code).toBe(0);
  });

  it('with it, the same warnings fail: exit 1, and the summary says why', async () => {
    const file = await writeManifest(MANIFEST);
    const { code, out } = await run('validate', file, '--locales', 'es', '--strict');
    expect(out.at(-1)).toBe(`${file}: 2 warnings, which fail with --strict`);
    expect(code).toBe(1);
    const json = JSON.parse((await run('validate', file, '--locales', 'es', '--strict', '--json')).out[0]);
    expect(json).toMatchObject({ valid: true, strict: true, passed: false });
  });

  it('a file without warnings passes with it', async () => {
    const declared = JSON.parse(MANIFEST);
    declared.declare = { traits: { user: { firstName: 'string' } } };
    declared.items[0].title.es = 'Hola {{user.traits.firstName|}}';
    const file = await writeManifest(JSON.stringify(declared));
    expect(await run('validate', file, '--locales', 'es', '--strict')).toMatchObject({ code: 0, out: [`${file}: valid`] });
  });
});

describe('guidepost validate: positions in files with \\r\\n or \\r line ends', () => {
  // The same file with each kind of line end: the positions must be the same.
  const withEnds = (end: string) => BROKEN.replace(/\n/g, end);

  it.each([['\\r\\n', '\r\n'], ['\\r (classic Mac)', '\r']])('reports the same line:column with %s line ends as with \\n', async (_name, end) => {
    const plain = await run('validate', await writeManifest(BROKEN, 'ends-n.json'));
    const file = await writeManifest(withEnds(end), `ends-${end === '\r' ? 'r' : 'rn'}.json`);
    const { out } = await run('validate', file);
    const positions = (lines: string[]) => lines.map((l) => /:(\d+:\d+): /.exec(l)?.[1]);
    // Before, a \r-only file was one line: every problem was on line 1, at a column in the thousands.
    expect(positions(out)).toEqual(positions(plain.out));
    expect(out[0]).toBe(`${file}:${at(file, BROKEN, '"itemz"').split(':').slice(-3, -1).join(':')}: error: itemz: unknown key "itemz" — did you mean "items"?`);
  });

  it('places JSON syntax errors, bytes that are not UTF-8 and runaway nesting by the same line ends', async () => {
    const syntax = await writeManifest('{\r  "schemaVersion": 1\r  "revision": "r",\r  "items": []\r}');
    expect((await run('validate', syntax)).out[0]).toBe(`${syntax}:3:3: error: JSON syntax error: expected a comma "," between two entries`);
    const latin1 = join(dir, 'latin1-cr.json');
    await writeFile(latin1, Buffer.concat([Buffer.from('{\r  "revision": "caf'), Buffer.from([0xe9]), Buffer.from('"\r}')]));
    expect((await run('validate', latin1)).out[0]).toMatch(new RegExp(`^${latin1.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:19: error: not UTF-8`));
    const deep = await writeManifest(`{\r"items":\r${'['.repeat(5000)}`);
    expect((await run('validate', deep)).out[0]).toMatch(/:3:\d+: error: nested deeper than/);
  });

  it('guidepost analyze --manifest says where a syntax error is by the same line ends', async () => {
    const broken = await writeManifest('{\r  "experiments": [\r    { "key": "e" "variations": [] }\r  ]\r}');
    const { code, err } = await run('analyze', join(dir, 'no-events.ndjson'), '--manifest', broken);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`${broken}:3:18: not a JSON manifest: CommaExpected`);
  });
});

describe('many problems in one object', () => {
  // Each problem is placed by a lookup per path segment: with 20,000 unknown keys in one item, a
  // search of the item's keys per problem made this quadratic (50,000 keys took 37 s).
  it('places each of 20,000 unknown keys of one item at that key', async () => {
    const count = 20_000;
    const keys = Array.from({ length: count }, (_, i) => `x${(i * 7919) % count}`);
    const lines = ['{"schemaVersion": 1, "revision": "r", "items": [', '  {"id": "a", "type": "banner", "body": "x",', ...keys.map((k, i) => `    "${k}": ${i}${i < count - 1 ? ',' : ''}`), '  }', ']}'];
    const text = lines.join('\n');
    const file = await writeManifest(text);
    const { code, out } = await run('validate', file, '--json');
    expect(code).toBe(1);
    const problems = (JSON.parse(out.join('\n')) as { files: { problems: { code: string; path: string; line: number; column: number }[] }[] }).files[0].problems;
    const unknown = problems.filter((p) => p.code === 'unknown-key');
    expect(unknown).toHaveLength(count);
    // Key i is on line i + 3, at column 5 (after four spaces); problems come in file order.
    const lineOf = new Map(keys.map((k, i) => [k, i + 3]));
    for (const p of unknown) {
      const key = /^items\[0\]\.(x\d+)$/.exec(p.path)![1];
      expect([p.line, p.column], p.path).toEqual([lineOf.get(key), 5]);
    }
    expect(unknown.map((p) => p.line)).toEqual(keys.map((_, i) => i + 3));
  }, 60_000);
});
