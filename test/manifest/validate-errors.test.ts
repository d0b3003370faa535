/**
 * Invalid manifests and the exact problems a content writer sees for them: the code, the
 * path of the value to fix, and the whole sentence. Each fixture also says which items
 * survive: a bad item is skipped on its own, the valid ones next to it are kept.
 */
import { describe, expect, it } from 'vitest';
import { checkSelectorSyntax } from '../../src/cli/selector';
import { validateManifest } from '../../src/manifest/validate';

type Problem = [code: string, path: string, message: string];

interface Fixture {
  name: string;
  manifest: unknown;
  problems: Problem[];
  /** Ids of the items that survive, in order; null when the manifest is refused whole. */
  survivors: string[] | null;
}

/** A valid item placed next to the broken ones in most fixtures: it must survive. */
const KEEPER = { id: 'keeper', type: 'banner', body: 'I am valid and must survive.' };

/** A manifest with `items` followed by the keeper, plus envelope fields. */
const manifest = (items: unknown[], envelope: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r-1', ...envelope, items: [...items, KEEPER] });

const PLACEMENTS = '"top", "top-start", "top-end", "bottom", "bottom-start", "bottom-end", "left", "left-start", "left-end", "right", "right-start", "right-end", "center"';
const ITEM_TYPES = '"helpLink", "tooltip", "hotspot", "tour", "banner", "checklist"';
const UNSAFE = 'is not allowed: use an http(s), mailto or relative URL';

const tooltip = (extra: Record<string, unknown> = {}) => ({ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves your work.', ...extra });
const banner = (extra: Record<string, unknown> = {}) => ({ id: 'promo', type: 'banner', body: 'Try it.', ...extra });
const tour = (id: string, steps: unknown[] = [{ body: 'Hello' }]) => ({ id, type: 'tour', steps });
const experiment = (extra: Record<string, unknown> = {}) => ({ key: 'exp', variations: [{ key: 'control' }, { key: 'help' }], scope: { types: ['helpLink'] }, ...extra });

const fixtures: Fixture[] = [
  // --- Unknown keys (typos) --------------------------------------------------------------
  {
    name: 'a misspelled item key, with the nearest known key',
    manifest: manifest([tooltip({ placment: 'top' })]),
    problems: [['unknown-key', 'items[0].placment', 'item "tip" at items[0].placment: unknown key "placment" — did you mean "placement"?']],
    survivors: ['keeper'],
  },
  {
    name: 'every misspelled key of one item, not only the first',
    manifest: manifest([{ id: 'tip', type: 'tooltip', target: '#save', titel: 'Save', bdy: 'Saves.' }]),
    problems: [
      ['unknown-key', 'items[0].titel', 'item "tip" at items[0].titel: unknown key "titel" — did you mean "title"?'],
      ['unknown-key', 'items[0].bdy', 'item "tip" at items[0].bdy: unknown key "bdy" — did you mean "body"?'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'a misspelled top-level key',
    manifest: manifest([], { experimnts: [] }),
    problems: [['unknown-key', 'experimnts', 'experimnts: unknown key "experimnts" — did you mean "experiments"?']],
    survivors: ['keeper'],
  },
  {
    name: 'a key that belongs to another item type says which types have it',
    manifest: manifest([tooltip({ slot: 'top' })]),
    problems: [['unknown-key', 'items[0].slot', 'item "tip" at items[0].slot: unknown key "slot" for a tooltip; only banner items have it']],
    survivors: ['keeper'],
  },
  {
    name: 'a misspelled key inside an object form of a union (trigger)',
    manifest: manifest([banner({ trigger: { evnt: 'project_created' } })]),
    problems: [['unknown-key', 'items[0].trigger.evnt', 'item "promo" at items[0].trigger.evnt: unknown key "evnt" — did you mean "event"?']],
    survivors: ['keeper'],
  },
  {
    name: 'a misspelled key in a frequency object',
    manifest: manifest([banner({ frequency: { everyDay: 7 } })]),
    problems: [['unknown-key', 'items[0].frequency.everyDay', 'item "promo" at items[0].frequency.everyDay: unknown key "everyDay" — did you mean "everyDays"?']],
    survivors: ['keeper'],
  },
  {
    name: 'a misspelled key in a target object',
    manifest: manifest([tooltip({ target: { selectr: '#save' } })]),
    problems: [['unknown-key', 'items[0].target.selectr', 'item "tip" at items[0].target.selectr: unknown key "selectr" — did you mean "selector"?']],
    survivors: ['keeper'],
  },

  // --- Wrong enum values, with suggestions -------------------------------------------------
  {
    name: 'a wrong placement, with the nearest value',
    manifest: manifest([tooltip({ placement: 'botom' })]),
    problems: [['invalid-value', 'items[0].placement', `item "tip" at items[0].placement: expected one of ${PLACEMENTS}, found "botom" — did you mean "bottom"?`]],
    survivors: ['keeper'],
  },
  {
    name: 'a wrong item type',
    manifest: manifest([{ id: 'tip', type: 'tooltipp', target: '#save', body: 'x' }]),
    problems: [['invalid-value', 'items[0].type', `item "tip" at items[0].type: expected one of ${ITEM_TYPES}, found "tooltipp" — did you mean "tooltip"?`]],
    survivors: ['keeper'],
  },
  {
    name: 'a wrong button action',
    manifest: manifest([banner({ buttons: [{ label: 'OK', action: 'dismis' }] })]),
    problems: [['invalid-value', 'items[0].buttons[0].action', 'item "promo" at items[0].buttons[0].action: expected one of "next", "back", "dismiss", "done", "url", "startTour", "track", found "dismis" — did you mean "dismiss"?']],
    survivors: ['keeper'],
  },
  {
    name: 'a wrong trigger word (case matters)',
    manifest: manifest([banner({ trigger: 'pageview' })]),
    problems: [['invalid-value', 'items[0].trigger', 'item "promo" at items[0].trigger: expected one of "pageView", "manual", found "pageview" — did you mean "pageView"?']],
    survivors: ['keeper'],
  },
  {
    name: 'a trigger of the wrong type names every accepted form',
    manifest: manifest([banner({ trigger: 42 })]),
    problems: [['invalid-value', 'items[0].trigger', 'item "promo" at items[0].trigger: expected "pageView", "manual", {"event": "name"} or {"elementAppears": "selector"}, found 42']],
    survivors: ['keeper'],
  },
  {
    name: 'a wrong theme colour scheme',
    manifest: manifest([], { settings: { theme: { colorScheme: 'darker' } } }),
    problems: [['invalid-value', 'settings.theme.colorScheme', 'settings.theme.colorScheme: expected one of "light", "dark", "auto", found "darker" — did you mean "dark"?']],
    survivors: ['keeper'],
  },
  {
    name: 'a wrong item type in an experiment scope',
    manifest: manifest([], { experiments: [experiment({ scope: { types: ['helplink'] } })] }),
    problems: [['invalid-value', 'experiments[0].scope.types[0]', `experiment "exp" at experiments[0].scope.types[0]: expected one of ${ITEM_TYPES}, found "helplink" — did you mean "helpLink"?`]],
    survivors: ['keeper'],
  },

  // --- Wrong types -------------------------------------------------------------------------
  {
    name: 'a word where a number belongs',
    manifest: manifest([banner({ priority: 'high' })]),
    problems: [['invalid-value', 'items[0].priority', 'item "promo" at items[0].priority: expected a number, found "high"']],
    survivors: ['keeper'],
  },
  {
    name: 'a string where true or false belongs',
    manifest: manifest([banner({ interruptive: 'yes' })]),
    problems: [['invalid-value', 'items[0].interruptive', 'item "promo" at items[0].interruptive: expected true or false, found "yes"']],
    survivors: ['keeper'],
  },
  {
    name: 'a number where text belongs',
    manifest: manifest([banner({ title: 5 })]),
    problems: [['invalid-value', 'items[0].title', 'item "promo" at items[0].title: expected a string, or an object of strings by locale tag, found 5']],
    survivors: ['keeper'],
  },
  {
    name: 'a number inside a localized text points at the translation',
    manifest: manifest([banner({ title: { en: 'Hi', es: 5 } })]),
    problems: [['invalid-value', 'items[0].title.es', 'item "promo" at items[0].title.es: expected a string, found 5']],
    survivors: ['keeper'],
  },
  {
    name: 'an id that is a number',
    manifest: manifest([banner({ id: 7 })]),
    problems: [['invalid-value', 'items[0].id', 'items[0].id: expected a string, found 7']],
    survivors: ['keeper'],
  },
  {
    name: 'an id with spaces',
    manifest: manifest([banner({ id: 'trial banner' })]),
    problems: [['invalid-value', 'items[0].id', 'item "trial banner" at items[0].id: expected an id of ASCII letters, digits, "_", "-", ".", ":", starting with a letter or digit, found "trial banner"']],
    survivors: ['keeper'],
  },
  {
    name: 'an id that starts with "_" (the message says ids start with a letter or digit)',
    manifest: manifest([banner({ id: '_intro' })]),
    problems: [['invalid-value', 'items[0].id', 'item "_intro" at items[0].id: expected an id of ASCII letters, digits, "_", "-", ".", ":", starting with a letter or digit, found "_intro"']],
    survivors: ['keeper'],
  },
  {
    name: 'an id with a letter outside ASCII (the message says ASCII)',
    manifest: manifest([banner({ id: 'café' })]),
    problems: [['invalid-value', 'items[0].id', 'item "café" at items[0].id: expected an id of ASCII letters, digits, "_", "-", ".", ":", starting with a letter or digit, found "café"']],
    survivors: ['keeper'],
  },
  {
    name: 'a version that is not a whole number',
    manifest: manifest([banner({ version: 1.5 })]),
    problems: [['invalid-value', 'items[0].version', 'item "promo" at items[0].version: expected a whole number, found 1.5']],
    survivors: ['keeper'],
  },
  {
    name: 'a version below 1',
    manifest: manifest([banner({ version: 0 })]),
    problems: [['invalid-value', 'items[0].version', 'item "promo" at items[0].version: expected a number of at least 1, found 0']],
    survivors: ['keeper'],
  },
  {
    name: 'an item that is not an object',
    manifest: manifest([null, 'banner']),
    problems: [
      ['invalid-value', 'items[0]', 'items[0]: expected an item object such as {"id": "…", "type": "banner", …}, found null'],
      ['invalid-value', 'items[1]', 'items[1]: expected an item object such as {"id": "…", "type": "banner", …}, found "banner"'],
    ],
    survivors: ['keeper'],
  },
  {
    name: '"items" that is not an array',
    manifest: { schemaVersion: 1, revision: 'r', items: { keeper: KEEPER } },
    problems: [['invalid-value', 'items', 'items: expected an array [ … ] of items, found {"keeper":{"id":"keeper","type":"banner","body":"I am val...']],
    survivors: [],
  },
  {
    name: 'a schedule date that is not an ISO timestamp',
    manifest: manifest([banner({ schedule: { start: 'tomorrow' } })]),
    problems: [['invalid-value', 'items[0].schedule.start', 'item "promo" at items[0].schedule.start: expected an ISO timestamp such as "2026-01-31T00:00:00Z", found "tomorrow"']],
    survivors: ['keeper'],
  },
  {
    name: 'advanceOn {"click": false} names the branch the writer meant',
    manifest: manifest([tour('walk', [{ body: 'Click it', advanceOn: { click: false } }])]),
    problems: [['invalid-value', 'items[0].steps[0].advanceOn.click', 'item "walk" at items[0].steps[0].advanceOn.click: expected true, found false']],
    survivors: ['keeper'],
  },
  {
    name: 'a waitMs above the limit',
    manifest: manifest([tour('walk', [{ body: 'Wait', waitMs: 90000 }])]),
    problems: [['invalid-value', 'items[0].steps[0].waitMs', 'item "walk" at items[0].steps[0].waitMs: expected a number of at most 60000, found 90000']],
    survivors: ['keeper'],
  },

  // --- Missing keys and content ------------------------------------------------------------
  {
    name: 'a missing type lists the types',
    manifest: manifest([{ id: 'tip', target: '#save', body: 'x' }]),
    problems: [['missing-key', 'items[0].type', `item "tip" at items[0].type: missing required key "type" (one of ${ITEM_TYPES})`]],
    survivors: ['keeper'],
  },
  {
    name: 'a missing id',
    manifest: manifest([{ type: 'banner', body: 'x' }]),
    problems: [['missing-key', 'items[0].id', 'items[0].id: missing required key "id"']],
    survivors: ['keeper'],
  },
  {
    name: 'a tooltip without a target',
    manifest: manifest([{ id: 'tip', type: 'tooltip', body: 'x' }]),
    problems: [['missing-key', 'items[0].target', 'item "tip" at items[0].target: missing required key "target"']],
    survivors: ['keeper'],
  },
  {
    name: 'a target object with neither selector nor anchor',
    manifest: manifest([tooltip({ target: { fallbacks: ['#save'] } })]),
    problems: [['missing-key', 'items[0].target', 'item "tip" at items[0].target: a target needs a "selector" or an "anchor"']],
    survivors: ['keeper'],
  },
  {
    name: 'a button without a label',
    manifest: manifest([banner({ buttons: [{ action: 'dismiss' }] })]),
    problems: [['missing-key', 'items[0].buttons[0].label', 'item "promo" at items[0].buttons[0].label: missing required key "label"']],
    survivors: ['keeper'],
  },
  {
    name: 'a url button without a url',
    manifest: manifest([banner({ buttons: [{ label: 'Read', action: 'url' }] })]),
    problems: [['missing-key', 'items[0].buttons[0].url', 'item "promo" at items[0].buttons[0].url: a button with action "url" needs a "url"']],
    survivors: ['keeper'],
  },
  {
    name: 'a tooltip with nothing to say',
    manifest: manifest([{ id: 'tip', type: 'tooltip', target: '#save' }]),
    problems: [['missing-content', 'items[0]', 'item "tip" at items[0]: a tooltip needs a "title" or a "body"']],
    survivors: ['keeper'],
  },
  {
    name: 'a help link with neither url nor popover text',
    manifest: manifest([{ id: 'help', type: 'helpLink', target: '#save', label: 'Help' }]),
    problems: [['missing-content', 'items[0]', 'item "help" at items[0]: a help link needs a "url", or a "title" or "body" for its popover']],
    survivors: ['keeper'],
  },
  {
    name: 'an inline banner without a target',
    manifest: manifest([banner({ slot: 'inline' })]),
    problems: [['missing-key', 'items[0].target', 'item "promo" at items[0].target: an inline banner needs a "target" to appear after']],
    survivors: ['keeper'],
  },
  {
    name: 'a localized text with no translations at all',
    manifest: manifest([banner({ buttons: [{ label: {}, action: 'dismiss' }] })]),
    problems: [['missing-content', 'items[0].buttons[0].label', 'item "promo" at items[0].buttons[0].label: this text has no translations; write a string, or an object such as {"en": "…"}']],
    survivors: ['keeper'],
  },

  {
    name: 'an empty title beside a body: a warning, and the item still shows (as with a plain "")',
    manifest: manifest([banner({ title: { en: '' }, body: 'Valid body' })]),
    problems: [['missing-content', 'items[0].title', 'item "promo" at items[0].title: this text has no translations; write a string, or an object such as {"en": "…"}; it is left out until then']],
    survivors: ['promo', 'keeper'],
  },
  {
    name: 'an empty title and an empty body beside a button: skipped (an empty box with a button)',
    manifest: manifest([{ id: 'promo', type: 'banner', title: { en: '' }, body: {}, buttons: [{ label: 'OK', action: 'dismiss' }] }]),
    problems: [
      ['missing-content', 'items[0].title', 'item "promo" at items[0].title: this text has no translations; write a string, or an object such as {"en": "…"}'],
      ['missing-content', 'items[0].body', 'item "promo" at items[0].body: this text has no translations; write a string, or an object such as {"en": "…"}'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'a tour step\'s empty title is a warning when its body has text, an error in a step with nothing else',
    manifest: manifest([tour('walk', [{ title: { en: '' }, body: 'One.' }, { title: { en: '' } }])]),
    problems: [
      ['missing-content', 'items[0].steps[0].title', 'item "walk" at items[0].steps[0].title: this text has no translations; write a string, or an object such as {"en": "…"}; it is left out until then'],
      ['missing-content', 'items[0].steps[1].title', 'item "walk" at items[0].steps[1].title: this text has no translations; write a string, or an object such as {"en": "…"}'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'an item whose only text is empty in every language is skipped (it would be an empty box)',
    manifest: manifest([{ id: 'promo', type: 'banner', title: { en: '', es: '' } }]),
    problems: [['missing-content', 'items[0].title', 'item "promo" at items[0].title: this text has no translations; write a string, or an object such as {"en": "…"}']],
    survivors: ['keeper'],
  },

  // --- Duplicates --------------------------------------------------------------------------
  {
    name: 'two items with the same id: the first is kept',
    manifest: manifest([banner(), banner({ body: 'Another promo.' })]),
    problems: [['duplicate-id', 'items[1].id', 'item "promo" at items[1].id: duplicate id "promo" (first used at items[0]); every item needs its own id']],
    survivors: ['promo', 'keeper'],
  },
  {
    name: 'two tasks of a checklist with the same id',
    manifest: manifest([{ id: 'start', type: 'checklist', tasks: [{ id: 'create', title: 'Create' }, { id: 'create', title: 'Create again' }] }]),
    problems: [['duplicate-id', 'items[0].tasks[1].id', 'item "start" at items[0].tasks[1].id: duplicate task id "create"; every task of a checklist needs its own id']],
    survivors: ['keeper'],
  },
  {
    name: 'two experiments with the same key: the second is refused',
    manifest: manifest([], { experiments: [experiment(), experiment()] }),
    problems: [['duplicate-id', 'experiments[1].key', 'experiment "exp" at experiments[1].key: another experiment already has the key "exp"']],
    survivors: ['keeper'],
  },

  // --- References --------------------------------------------------------------------------
  {
    name: 'requires an id that does not exist, with the nearest id',
    manifest: manifest([banner({ requires: ['welcom'] }), tour('welcome')]),
    problems: [['unknown-reference', 'items[0].requires[0]', 'item "promo" at items[0].requires[0]: requires "welcom", but no item has that id — did you mean "welcome"?']],
    survivors: ['welcome', 'keeper'],
  },
  {
    name: 'requires itself',
    manifest: manifest([banner({ requires: ['promo'] })]),
    problems: [['invalid-reference', 'items[0].requires[0]', 'item "promo" at items[0].requires[0]: an item cannot require itself']],
    survivors: ['keeper'],
  },
  {
    name: 'requires an item that has errors: both are skipped, each with its reason',
    manifest: manifest([tour('welcome', []), banner({ requires: ['welcome'] })]),
    problems: [
      ['invalid-value', 'items[0].steps', 'item "welcome" at items[0].steps: expected at least one step, found an empty list'],
      ['invalid-reference', 'items[1].requires[0]', 'item "promo" at items[1].requires[0]: requires "welcome", which has errors and is skipped'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'requires in a circle',
    manifest: manifest([banner({ id: 'a', requires: ['b'] }), banner({ id: 'b', requires: ['a'] })]),
    problems: [
      ['invalid-reference', 'items[0].requires', 'item "a" at items[0].requires: "requires" goes round in a circle (a → b → a), so none of these items could ever show'],
      ['invalid-reference', 'items[1].requires', 'item "b" at items[1].requires: "requires" goes round in a circle (b → a → b), so none of these items could ever show'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'startTour to an id that does not exist, with the nearest tour',
    manifest: manifest([banner({ buttons: [{ label: 'Tour', action: 'startTour', tour: 'welcom' }] }), tour('welcome')]),
    problems: [['unknown-reference', 'items[0].buttons[0].tour', 'item "promo" at items[0].buttons[0].tour: no tour has the id "welcom" — did you mean "welcome"?']],
    survivors: ['welcome', 'keeper'],
  },
  {
    name: 'startTour to an item that is not a tour',
    manifest: manifest([banner({ buttons: [{ label: 'Tour', action: 'startTour', tour: 'keeper' }] })]),
    problems: [['invalid-reference', 'items[0].buttons[0].tour', 'item "promo" at items[0].buttons[0].tour: "keeper" is a banner, not a tour']],
    survivors: ['keeper'],
  },
  {
    name: 'startTour without a tour',
    manifest: manifest([banner({ buttons: [{ label: 'Tour', action: 'startTour' }] })]),
    problems: [['missing-key', 'items[0].buttons[0].tour', 'item "promo" at items[0].buttons[0].tour: a button with action "startTour" needs a "tour"']],
    survivors: ['keeper'],
  },
  {
    name: 'a checklist task that starts a banner',
    manifest: manifest([{ id: 'start', type: 'checklist', tasks: [{ id: 't', title: 'Take the tour', tour: 'keeper' }] }]),
    problems: [['invalid-reference', 'items[0].tasks[0].tour', 'item "start" at items[0].tasks[0].tour: "keeper" is a banner, not a tour']],
    survivors: ['keeper'],
  },
  {
    name: 'an unknown experiment key, with the nearest key',
    manifest: manifest([banner({ experiment: 'exq' })], { experiments: [experiment()] }),
    problems: [['unknown-experiment', 'items[0].experiment', 'item "promo" at items[0].experiment: unknown experiment "exq" — did you mean "exp"?']],
    survivors: ['keeper'],
  },
  {
    name: 'an experiment key in a manifest without experiments',
    manifest: manifest([banner({ experiment: 'exp' })]),
    problems: [['unknown-experiment', 'items[0].experiment', 'item "promo" at items[0].experiment: unknown experiment "exp" (the manifest has no "experiments")']],
    survivors: ['keeper'],
  },
  {
    name: 'an experiment scope naming an item that does not exist is a warning',
    manifest: manifest([], { experiments: [experiment({ scope: { items: ['keepr'] } })] }),
    problems: [['unknown-reference', 'experiments[0].scope.items[0]', 'experiment "exp" at experiments[0].scope.items[0]: no item has the id "keepr" — did you mean "keeper"?']],
    survivors: ['keeper'],
  },

  // --- Selectors and conditions -------------------------------------------------------------
  {
    name: 'an invalid CSS selector',
    manifest: manifest([tooltip({ target: '#save[' })]),
    problems: [['invalid-selector', 'items[0].target', 'item "tip" at items[0].target: invalid CSS selector "#save[": Expected name, found the end of the selector']],
    survivors: ['keeper'],
  },
  {
    name: 'an invalid fallback selector',
    manifest: manifest([tooltip({ target: { anchor: 'save', fallbacks: ['#save', 'div >> p'] } })]),
    problems: [['invalid-selector', 'items[0].target.fallbacks[1]', 'item "tip" at items[0].target.fallbacks[1]: invalid CSS selector "div >> p": Did not expect successive traversals.']],
    survivors: ['keeper'],
  },
  {
    name: 'a jQuery-only selector deep in a tour',
    manifest: manifest([tour('walk', [{ body: 'One' }, { body: 'Two', target: 'button:contains(Save)' }])]),
    problems: [['invalid-selector', 'items[0].steps[1].target', 'item "walk" at items[0].steps[1].target: invalid CSS selector "button:contains(Save)": ":contains" is not CSS (it comes from jQuery): target the element by an anchor ([data-help="…"]) or an attribute instead of its text']],
    survivors: ['keeper'],
  },
  {
    name: 'an invalid $regex',
    manifest: manifest([banner({ when: { 'page.path': { $regex: '^/(reports' } } })]),
    problems: [['invalid-regex', 'items[0].when["page.path"].$regex', 'item "promo" at items[0].when["page.path"].$regex: invalid regular expression "^/(reports": Unterminated group']],
    survivors: ['keeper'],
  },
  {
    name: 'an invalid $regex inside $or, in an experiment',
    manifest: manifest([], { experiments: [experiment({ when: { $or: [{ 'user.plan': 'trial' }, { 'page.path': { $regex: '[' } }] } })] }),
    problems: [['invalid-regex', 'experiments[0].when.$or[1]["page.path"].$regex', 'experiment "exp" at experiments[0].when.$or[1]["page.path"].$regex: invalid regular expression "[": Unterminated character class']],
    survivors: ['keeper'],
  },
  {
    name: 'a misspelled condition operator',
    manifest: manifest([banner({ when: { daysSinceFirstSeen: { $gtee: 3 } } })]),
    problems: [['unknown-operator', 'items[0].when.daysSinceFirstSeen.$gtee', 'item "promo" at items[0].when.daysSinceFirstSeen.$gtee: unknown condition operator "$gtee" — did you mean "$gte"?']],
    survivors: ['keeper'],
  },

  // --- Unsafe URLs --------------------------------------------------------------------------
  {
    name: 'a javascript: help-link url',
    manifest: manifest([{ id: 'help', type: 'helpLink', target: '#save', url: 'javascript:alert(1)' }]),
    problems: [['unsafe-url', 'items[0].url', `item "help" at items[0].url: URL "javascript:alert(1)" ${UNSAFE}`]],
    survivors: ['keeper'],
  },
  {
    name: 'a mixed-case JaVaScRiPt: button url',
    manifest: manifest([banner({ buttons: [{ label: 'Go', action: 'url', url: 'JaVaScRiPt:alert(1)' }] })]),
    problems: [['unsafe-url', 'items[0].buttons[0].url', `item "promo" at items[0].buttons[0].url: URL "JaVaScRiPt:alert(1)" ${UNSAFE}`]],
    survivors: ['keeper'],
  },
  {
    name: 'a java<TAB>script: image src (browsers ignore the tab)',
    manifest: manifest([banner({ image: { src: 'java\tscript:alert(1)', alt: 'x' } })]),
    problems: [['unsafe-url', 'items[0].image.src', `item "promo" at items[0].image.src: URL "java\\tscript:alert(1)" ${UNSAFE}`]],
    survivors: ['keeper'],
  },
  {
    name: 'a data: image in a tour step',
    manifest: manifest([tour('walk', [{ body: 'Look', image: { src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'x' } }])]),
    problems: [['unsafe-url', 'items[0].steps[0].image.src', `item "walk" at items[0].steps[0].image.src: URL "data:image/svg+xml,<svg onload=alert(1)>" ${UNSAFE}`]],
    survivors: ['keeper'],
  },
  {
    name: 'a vbscript: checklist task url',
    manifest: manifest([{ id: 'start', type: 'checklist', tasks: [{ id: 't', title: 'Go', url: 'vbscript:msgbox(1)' }] }]),
    problems: [['unsafe-url', 'items[0].tasks[0].url', `item "start" at items[0].tasks[0].url: URL "vbscript:msgbox(1)" ${UNSAFE}`]],
    survivors: ['keeper'],
  },

  // --- Limits -------------------------------------------------------------------------------
  {
    name: 'three buttons',
    manifest: manifest([banner({ buttons: [{ label: 'A', action: 'dismiss' }, { label: 'B', action: 'dismiss' }, { label: 'C', action: 'done' }] })]),
    problems: [['invalid-value', 'items[0].buttons', 'item "promo" at items[0].buttons: expected at most 2 buttons, found 3']],
    survivors: ['keeper'],
  },
  {
    name: 'a tour without steps',
    manifest: manifest([tour('walk', [])]),
    problems: [['invalid-value', 'items[0].steps', 'item "walk" at items[0].steps: expected at least one step, found an empty list']],
    survivors: ['keeper'],
  },

  // --- Experiments --------------------------------------------------------------------------
  {
    name: 'weights that do not add up to 1',
    manifest: manifest([], { experiments: [experiment({ variations: [{ key: 'a', weight: 0.5 }, { key: 'b', weight: 0.6 }] })] }),
    problems: [['invalid-weights', 'experiments[0].variations', 'experiment "exp" at experiments[0].variations: the weights must add up to 1, found 0.5 + 0.6 = 1.1']],
    survivors: ['keeper'],
  },
  {
    name: 'a weight on some variations only',
    manifest: manifest([], { experiments: [experiment({ variations: [{ key: 'a', weight: 1 }, { key: 'b' }] })] }),
    problems: [['invalid-weights', 'experiments[0].variations[1]', 'experiment "exp" at experiments[0].variations[1]: give every variation a "weight", or none of them (equal split)']],
    survivors: ['keeper'],
  },
  {
    name: 'weights outside 0..1',
    manifest: manifest([], { experiments: [experiment({ variations: [{ key: 'a', weight: 1.5 }, { key: 'b', weight: -0.5 }] })] }),
    problems: [
      ['invalid-value', 'experiments[0].variations[0].weight', 'experiment "exp" at experiments[0].variations[0].weight: expected a number of at most 1, found 1.5'],
      ['invalid-value', 'experiments[0].variations[1].weight', 'experiment "exp" at experiments[0].variations[1].weight: expected a number of at least 0, found -0.5'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'a single variation',
    manifest: manifest([], { experiments: [experiment({ variations: [{ key: 'only' }] })] }),
    problems: [['invalid-value', 'experiments[0].variations', 'experiment "exp" at experiments[0].variations: expected at least two variations, found 1']],
    survivors: ['keeper'],
  },
  {
    name: 'two variations with the same key',
    manifest: manifest([], { experiments: [experiment({ variations: [{ key: 'a' }, { key: 'a' }] })] }),
    problems: [['duplicate-id', 'experiments[0].variations[1].key', 'experiment "exp" at experiments[0].variations[1].key: two variations have the key "a"']],
    survivors: ['keeper'],
  },
  {
    name: 'an empty scope',
    manifest: manifest([], { experiments: [experiment({ scope: {} })] }),
    problems: [['empty-scope', 'experiments[0].scope', 'experiment "exp" at experiments[0].scope: name the "items" or "types" the experiment governs']],
    survivors: ['keeper'],
  },
  {
    name: 'an override of an item that does not exist refuses the experiment and skips its items',
    manifest: manifest([banner({ experiment: 'exp' })], {
      experiments: [experiment({ scope: { items: ['promo'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { promt: { body: 'B' } } }] })],
    }),
    problems: [
      ['unknown-reference', 'experiments[0].variations[1].overrides.promt', 'experiment "exp" at experiments[0].variations[1].overrides.promt: no item has the id "promt" — did you mean "promo"?'],
      ['invalid-reference', 'items[0].experiment', 'item "promo" at items[0].experiment: experiment "exp" has errors and is skipped, so this item is skipped too'],
    ],
    survivors: ['keeper'],
  },
  {
    name: 'an override that would make its item invalid',
    manifest: manifest([], {
      experiments: [experiment({ scope: { items: ['keeper'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { keeper: { slot: 'middle' } } }] })],
    }),
    problems: [['invalid-value', 'experiments[0].variations[1].overrides.keeper.slot', 'experiment "exp" at experiments[0].variations[1].overrides.keeper.slot: expected one of "top", "bottom", "inline", found "middle"']],
    survivors: ['keeper'],
  },
  {
    name: 'an override with an unsafe URL',
    manifest: manifest([], {
      experiments: [experiment({ scope: { items: ['keeper'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { keeper: { buttons: [{ label: 'Go', action: 'url', url: 'javascript:alert(1)' }] } } }] })],
    }),
    problems: [['unsafe-url', 'experiments[0].variations[1].overrides.keeper.buttons[0].url', `experiment "exp" at experiments[0].variations[1].overrides.keeper.buttons[0].url: URL "javascript:alert(1)" ${UNSAFE}`]],
    survivors: ['keeper'],
  },
  {
    name: 'an override that changes the item type',
    manifest: manifest([], {
      experiments: [experiment({ scope: { items: ['keeper'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { keeper: { type: 'tooltip' } } }] })],
    }),
    problems: [['invalid-override', 'experiments[0].variations[1].overrides.keeper.type', 'experiment "exp" at experiments[0].variations[1].overrides.keeper.type: an override cannot change "type"']],
    survivors: ['keeper'],
  },

  // --- Locales ------------------------------------------------------------------------------
  {
    name: 'a bad defaultLocale',
    manifest: manifest([], { defaultLocale: 'english' }),
    problems: [['invalid-value', 'defaultLocale', 'defaultLocale: expected a locale tag such as "en", "es" or "zh-CN", found "english"']],
    survivors: ['keeper'],
  },
  {
    name: 'a bad locale tag in a text',
    manifest: manifest([banner({ title: { en: 'Hello', en_US: 'Hello' } })]),
    problems: [['invalid-value', 'items[0].title.en_US', 'item "promo" at items[0].title.en_US: expected a locale tag such as "en", "es" or "zh-CN", found "en_US"']],
    survivors: ['keeper'],
  },

  // --- Deep paths ---------------------------------------------------------------------------
  {
    name: 'an error deep in a tour step, after three valid items',
    manifest: manifest([
      banner({ id: 'a' }),
      banner({ id: 'b' }),
      tooltip(),
      tour('walk', [{ body: 'One', placement: 'top' }, { body: 'Two', placement: 'middle' }]),
    ]),
    problems: [['invalid-value', 'items[3].steps[1].placement', `item "walk" at items[3].steps[1].placement: expected one of ${PLACEMENTS}, found "middle"`]],
    survivors: ['a', 'b', 'tip', 'keeper'],
  },
  {
    name: 'errors in several items at once, each reported, the rest kept',
    manifest: manifest([tooltip({ placement: 'left-middle' }), banner({ id: 'fine' }), banner({ slot: 'side' })]),
    problems: [
      ['invalid-value', 'items[0].placement', `item "tip" at items[0].placement: expected one of ${PLACEMENTS}, found "left-middle"`],
      ['invalid-value', 'items[2].slot', 'item "promo" at items[2].slot: expected one of "top", "bottom", "inline", found "side"'],
    ],
    survivors: ['fine', 'keeper'],
  },

  // --- Keys JavaScript reserves (created by JSON.parse, so they are real own keys) ----------
  {
    name: '"__proto__" inside a condition is refused, not silently dropped',
    manifest: JSON.parse('{"schemaVersion": 1, "revision": "r", "items": [{"id": "promo", "type": "banner", "body": "x", "when": {"__proto__": {"isAdmin": true}}}, {"id": "keeper", "type": "banner", "body": "ok"}]}'),
    problems: [['forbidden-key', 'items[0].when.__proto__', 'item "promo" at items[0].when.__proto__: the key "__proto__" is not allowed (JavaScript reserves it); rename it']],
    survivors: ['keeper'],
  },
  {
    name: '"constructor" as a locale of a text',
    manifest: JSON.parse('{"schemaVersion": 1, "revision": "r", "items": [{"id": "promo", "type": "banner", "title": {"en": "Hi", "constructor": "x"}}, {"id": "keeper", "type": "banner", "body": "ok"}]}'),
    problems: [['forbidden-key', 'items[0].title.constructor', 'item "promo" at items[0].title.constructor: the key "constructor" is not allowed (JavaScript reserves it); rename it']],
    survivors: ['keeper'],
  },

  // --- Refused whole ------------------------------------------------------------------------
  {
    name: 'an unknown major schemaVersion',
    manifest: manifest([], { schemaVersion: 2 }),
    problems: [['schema-version', 'schemaVersion', 'schemaVersion: this version of Guidepost reads schemaVersion 1, found 2; the manifest is refused whole']],
    survivors: null,
  },
  {
    name: 'a schemaVersion written as a string',
    manifest: manifest([], { schemaVersion: '1' }),
    problems: [['schema-version', 'schemaVersion', 'schemaVersion: expected a number such as 1, found "1"']],
    survivors: null,
  },
  {
    name: 'no schemaVersion',
    manifest: { revision: 'r', items: [KEEPER] },
    problems: [['schema-version', 'schemaVersion', 'schemaVersion: missing required key "schemaVersion"; add "schemaVersion": 1']],
    survivors: null,
  },
  {
    name: 'no revision',
    manifest: { schemaVersion: 1, items: [KEEPER] },
    problems: [['missing-key', 'revision', 'revision: missing required key "revision" (a label for this version of the manifest, such as "2026-11-22.1"; every event carries it)']],
    survivors: null,
  },
  {
    name: 'an empty revision',
    manifest: { schemaVersion: 1, revision: '', items: [KEEPER] },
    problems: [['missing-key', 'revision', 'revision: expected a non-empty string such as "2026-11-22.1" (every event carries it), found ""']],
    survivors: null,
  },
  {
    name: 'an array instead of a manifest',
    manifest: [KEEPER],
    problems: [['refused', '', 'manifest: expected a JSON object {"schemaVersion": 1, "revision": "…", "items": […]}, found [{"id":"keeper","type":"banner","body":"I am valid and mu...']],
    survivors: null,
  },
];

describe('invalid manifests: exact problems, and the valid items survive', () => {
  it('has at least 40 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = validateManifest(fixture.manifest, { checkSelector: checkSelectorSyntax });
    expect(result.problems.map((p): Problem => [p.code, p.path, p.message])).toEqual(fixture.problems);
    if (fixture.survivors === null) {
      expect(result.manifest).toBeNull();
    } else {
      expect(result.manifest?.items.map((item) => item.id)).toEqual(fixture.survivors);
    }
    // Only a scope naming a missing item and a text left out of an item that still shows are
    // warnings; everything else here is an error.
    for (const problem of result.problems) {
      expect(problem.severity).toBe(problem.path.includes('.scope.items[') || problem.message.endsWith('it is left out until then') ? 'warning' : 'error');
    }
  });

  it('names the item of every item problem in `itemId`', () => {
    for (const fixture of fixtures) {
      const result = validateManifest(fixture.manifest, { checkSelector: checkSelectorSyntax });
      for (const problem of result.problems) {
        // Experiment problems name the experiment in the message, and no item.
        const match = /^item "([^"]+)" at /.exec(problem.message);
        expect(problem.itemId, `${fixture.name}: ${problem.message}`).toBe(match?.[1]);
      }
    }
  });

  it('reports the item index in the original file in itemIndexes', () => {
    const result = validateManifest(manifest([tooltip({ placement: 'nowhere' }), banner({ id: 'a' }), null, banner({ id: 'b' })]));
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['a', 'b', 'keeper']);
    expect(result.itemIndexes).toEqual([1, 3, 4]);
  });

  it('without a selector checker (as in a server without CSS parsing), selectors are not judged', () => {
    const result = validateManifest(manifest([tooltip({ target: '#save[' })]));
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['tip', 'keeper']);
  });

  it('a valid item keeps its exact content next to invalid ones', () => {
    const rich = { id: 'rich', type: 'tooltip', target: { anchor: 'save', fallbacks: ['#save'] }, title: { en: 'Save', es: 'Guardar' }, body: '**Now**', buttons: [{ label: 'OK', action: 'dismiss' }], priority: 3 };
    const result = validateManifest(manifest([tooltip({ placement: 'up' }), rich]));
    expect(result.manifest?.items[0]).toEqual(rich);
  });
});
