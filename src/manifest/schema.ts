/**
 * The manifest format, written once. This file is the single source of truth for
 * the TypeScript types (`InferOutput`), the runtime validator (`validate.ts`) and the
 * shipped JSON Schema (`scripts/build-schema.ts` -> `schema/manifest.schema.json`).
 * Every property carries a description because editors show it to content writers.
 */
import * as v from 'valibot';
import { ITEM_TYPES, SUPPORTED_SCHEMA_MAJOR } from './compiled';
import { hardenSchemas } from './proto-safe';
import { d } from './describe';
import { Caps, Settings, Theme } from './schema-settings';
import { Timestamp } from './timestamp';


/** Locale tags are BCP 47 ("en", "es", "zh-CN", "pt-BR"). */
const LocaleTag = v.pipe(
  v.string(),
  v.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a locale tag such as "en", "es" or "zh-CN"'),
);

/** A user-visible string: plain, or one per locale tag. */
export const LocalizedText = v.pipe(
  v.union([v.string(), v.record(LocaleTag, v.string())], 'a string, or an object of strings by locale tag'),
  d('Text shown to users: a plain string, or an object with one string per locale tag, e.g. {"en": "Save", "es": "Guardar"}.'),
);

export const EventName = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_.:$-]{1,100}$/, 'an event name of letters, digits, "_", "-", ".", ":"'),
);

const ItemId = v.pipe(
  v.string(),
  // The message states the whole rule: "_intro" and "café" are refused, and "letters" alone said neither.
  v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'an id of ASCII letters, digits, "_", "-", ".", ":", starting with a letter or digit'),
  d('Stable identifier of this item. Progress and events are keyed by it: do not reuse it for different content.'),
);

export const Placement = v.pipe(
  v.picklist([
    'top', 'top-start', 'top-end', 'bottom', 'bottom-start', 'bottom-end',
    'left', 'left-start', 'left-end', 'right', 'right-start', 'right-end', 'center',
  ]),
  d('Preferred side of the target. It flips to the opposite side when there is no room. "center" shows a step in the middle of the screen.'),
);

const Selector = v.pipe(v.string(), v.minLength(1), d('A CSS selector.'));

export const Target = v.pipe(
  v.union([
    Selector,
    v.strictObject({
      selector: v.optional(v.pipe(Selector, d('CSS selector of the element this item points at.'))),
      anchor: v.optional(
        v.pipe(
          v.string(),
          v.minLength(1),
          d('Name of a data-help anchor: "export" matches [data-help="export"]. The rename-proof way to target.'),
        ),
      ),
      fallbacks: v.optional(v.pipe(v.array(Selector), d('Selectors tried in order when the first one matches nothing.'))),
      frame: v.optional(
        v.pipe(Selector, d('CSS selector of a same-origin <iframe> in the page: selector, anchor and fallbacks are then looked up in its document.')),
      ),
    }),
  ], 'a CSS selector string or an object {selector, anchor, fallbacks, frame}'),
  d('The element this item points at: a CSS selector, or {"anchor": "name"} for [data-help="name"], with optional fallbacks and the iframe it is in.'),
);

export const ButtonAction = v.pipe(
  v.picklist(['next', 'back', 'dismiss', 'done', 'url', 'startTour', 'track']),
  d('What the button does: next/back/done move a tour, dismiss closes, url opens "url", startTour starts "tour", track records "event".'),
);

export const Button = v.strictObject({
  label: LocalizedText,
  action: ButtonAction,
  url: v.optional(v.pipe(v.string(), d('For action "url": an http(s), mailto or relative URL.'))),
  tour: v.optional(v.pipe(v.string(), d('For action "startTour": the id of a tour item.'))),
  event: v.optional(v.pipe(EventName, d('For action "track": the event name recorded.'))),
});

const Buttons = v.pipe(v.array(Button), v.maxLength(2, 'at most 2 buttons'), d('Up to two buttons.'));

const Image = v.pipe(
  v.strictObject({
    src: v.pipe(v.string(), d('Image URL (http(s) or relative).')),
    alt: v.pipe(LocalizedText, d('Alternative text read by screen readers.')),
  }),
  d('An optional image above the body.'),
);

/** A GrowthBook-style condition object; validated by the engine's evaluator, not here. */
export const Condition = v.pipe(
  v.record(v.string(), v.unknown()),
  d('Who sees this: a condition object over attributes, e.g. {"account.plan": "trial", "daysSinceFirstSeen": {"$gte": 11}}. See docs/targeting.md.'),
);

export const Trigger = v.pipe(
  v.union([
    v.picklist(['pageView', 'manual']),
    v.strictObject({ event: v.pipe(EventName, d('Show after this event is tracked.')) }),
    v.strictObject({ elementAppears: v.pipe(Selector, d('Show once an element matching this selector is in the page.')) }),
  ], '"pageView", "manual", {"event": "name"} or {"elementAppears": "selector"}'),
  d('When the item is considered: on every page view (default), after an event, when an element appears, or only when started from code.'),
);

export const Schedule = v.pipe(
  v.strictObject({ start: Timestamp(d('Not shown before this instant.')), end: Timestamp(d('Not shown after this instant.')) }),
  d('A window of time in which the item may show.'),
);

export const Frequency = v.pipe(
  v.union([
    v.picklist(['once', 'untilCompleted', 'always']),
    v.strictObject({
      everyDays: v.optional(v.pipe(v.number(), v.minValue(0), d('Show again after this many days.'))),
      maxTimes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), d('Never show more than this many times.'))),
    }),
  ], '"once", "untilCompleted", "always" or {"everyDays": n, "maxTimes": n}'),
  d('How often the item may show to one person. Default: "untilCompleted" (until completed or dismissed) for tours, checklists, banners and hotspots; "always" for help links and tooltips.'),
);

/** Fields every item may carry. */
const common = {
  id: ItemId,
  title: v.optional(v.pipe(LocalizedText, d('Heading.'))),
  body: v.optional(v.pipe(LocalizedText, d('Body text. A small Markdown subset: **bold**, _italic_, [links](https://…), lists, `code`, line breaks. Never HTML.'))),
  buttons: v.optional(Buttons),
  image: v.optional(Image),
  when: v.optional(Condition),
  trigger: v.optional(Trigger),
  schedule: v.optional(Schedule),
  frequency: v.optional(Frequency),
  priority: v.optional(v.pipe(v.number(), d('Higher shows first when pacing allows only one. Default 0.'))),
  requires: v.optional(v.pipe(v.array(v.string()), d('Ids of items that must be completed first.'))),
  goal: v.optional(v.pipe(EventName, d('Event that means this help did its job: once tracked, the item never shows again.'))),
  experiment: v.optional(v.pipe(v.string(), d('Key of an experiment in "experiments" that this item belongs to.'))),
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), d('Bump when you rewrite the item. Default 1.'))),
  reshowOnNewVersion: v.optional(v.pipe(v.boolean(), d('Show a new version to people who completed or dismissed an older one. Default true.'))),
  interruptive: v.optional(v.pipe(v.boolean(), d('Counts against the pacing caps. Default: true for tours, banners and hotspots; false for help links, tooltips and checklists.'))),
};

const targeted = {
  target: Target,
  placement: v.optional(Placement),
};

export const HelpLinkItem = v.strictObject({
  type: v.pipe(v.literal('helpLink'), d('A small "?" link or popover beside its target.')),
  ...common,
  ...targeted,
  url: v.optional(v.pipe(v.string(), d('Article opened by the link. Without it, the link opens a popover with title and body.'))),
  label: v.optional(v.pipe(LocalizedText, d('Accessible name of the "?" link. Default: the title.'))),
  feedback: v.optional(v.pipe(v.boolean(), d('Ask "Was this helpful?" in the popover.'))),
});

export const TooltipItem = v.strictObject({ type: v.pipe(v.literal('tooltip'), d('A popover anchored to its target.')), ...common, ...targeted });

export const HotspotItem = v.strictObject({ type: v.pipe(v.literal('hotspot'), d('A pulsing beacon on its target that opens a popover.')), ...common, ...targeted });

export const AdvanceOn = v.pipe(
  v.union([
    v.strictObject({ click: v.pipe(v.literal(true), d('Advance when the target is clicked.')) }),
    v.strictObject({ event: v.pipe(EventName, d('Advance when this event is tracked.')) }),
    v.strictObject({ route: v.pipe(v.string(), d('A path; the step advances when the page is that path or below it ("/projects" holds "/projects/42", not "/projects-archive"; "/" is the home page only).')) }),
  ], '{"click": true}, {"event": "name"} or {"route": "/path"}'),
  d('Move to the next step when the target is clicked, an event is tracked, or the route changes.'),
);

export const TourStep = v.strictObject({
  id: v.optional(v.pipe(v.string(), d('Optional id of the step, used in events. Default: its position.'))),
  target: v.optional(Target),
  placement: v.optional(Placement),
  title: v.optional(LocalizedText),
  body: v.optional(LocalizedText),
  buttons: v.optional(Buttons),
  image: v.optional(Image),
  route: v.optional(v.pipe(v.string(), d('Path the step lives on (or a page below it, unless another step lives on a more specific route that holds it); the tour resumes here after navigation.'))),
  advanceOn: v.optional(AdvanceOn),
  onMissingTarget: v.optional(v.pipe(v.picklist(['skip', 'end', 'center']), d('If the target never appears: skip the step, end the tour, or show it centered. Default "skip".'))),
  waitMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(60000), d('How long to wait for the target. Default 3000.'))),
  allowClicksThrough: v.optional(v.pipe(v.boolean(), d('Let clicks reach the highlighted target. Default: true for a step that advances on a click of its target or on an event, else false.'))),
});

export const TourItem = v.strictObject({
  type: v.pipe(v.literal('tour'), d('A sequence of steps, anchored or centered.')),
  ...common,
  steps: v.pipe(v.array(TourStep), v.minLength(1, 'at least one step'), d('The steps, in order.')),
  feedback: v.optional(v.pipe(v.boolean(), d('Ask "Was this helpful?" on the last step.'))),
});

export const BannerItem = v.strictObject({
  type: v.pipe(v.literal('banner'), d('A strip at the top or bottom of the page, or inline after a target.')),
  ...common,
  slot: v.optional(v.pipe(v.picklist(['top', 'bottom', 'inline']), d('Where it shows. "inline" renders after "target". Default "top".'))),
  target: v.optional(Target),
  push: v.optional(v.pipe(v.boolean(), d('Reserve space instead of overlaying the page. Default false.'))),
  dismissible: v.optional(v.pipe(v.boolean(), d('Show a close button. Default true.'))),
});

export const ChecklistTask = v.strictObject({
  id: v.pipe(v.string(), d('Task id, unique within the checklist.')),
  title: LocalizedText,
  body: v.optional(LocalizedText),
  completeOn: v.optional(v.pipe(EventName, d('Event that completes the task.'))),
  tour: v.optional(v.pipe(v.string(), d('Tour started by clicking the task.'))),
  url: v.optional(v.pipe(v.string(), d('Page opened by clicking the task.'))),
});

export const ChecklistItem = v.strictObject({
  type: v.pipe(v.literal('checklist'), d('An onboarding task list with a launcher.')),
  ...common,
  tasks: v.pipe(v.array(ChecklistTask), v.minLength(1, 'at least one task'), d('The tasks.')),
});

export const Item = v.variant('type', [HelpLinkItem, TooltipItem, HotspotItem, TourItem, BannerItem, ChecklistItem]);

export { ITEM_TYPES };

export const Variation = v.strictObject({
  key: v.pipe(v.string(), v.minLength(1), d('Name of the variation, e.g. "control" or "help".')),
  weight: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1), d('Share of traffic (0..1). Default: equal split.'))),
  enabled: v.optional(v.pipe(v.boolean(), d('false turns the scope off in this arm (a holdout). Default true.'))),
  overrides: v.optional(v.pipe(v.record(v.string(), v.record(v.string(), v.unknown())), d('Per item id, fields that replace the item\'s own in this arm (content, placement, steps).'))),
});

export const Experiment = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]+$/, 'a key of letters, digits, "_", "-", ".", ":"'), d('Experiment key, reported in every exposure.')),
  unit: v.optional(v.pipe(v.picklist(['user', 'account']), d('What is randomized. Default "user".'))),
  variations: v.pipe(v.array(Variation), v.minLength(2, 'at least two variations'), d('The arms; the first is the control.')),
  coverage: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1), d('Share of eligible units that enter. Default 1.'))),
  seed: v.optional(v.pipe(v.string(), d('Hash seed. Default: the key.'))),
  bucketVersion: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), d('Bump to drop every stored assignment and assign again from the seed and the current weights (the hash is of the seed and the unit id: with the same seed, only a weights change moves anyone). To re-randomize everyone, change seed too. Default 0.'))),
  when: v.optional(Condition),
  scope: v.pipe(
    v.strictObject({
      items: v.optional(v.pipe(v.array(v.string()), d('Item ids in the experiment.'))),
      types: v.optional(v.pipe(v.array(v.picklist(ITEM_TYPES)), d('Whole kinds of help in the experiment, e.g. ["helpLink"].'))),
    }),
    d('What the experiment governs: specific items, whole kinds of help, or both.'),
  ),
});

export { Caps, Settings, SUPPORTED_SCHEMA_MAJOR, Theme };

/** The envelope; items are validated one by one so one bad item never hides the rest. */
export const ManifestEnvelope = v.strictObject({
  $schema: v.optional(v.pipe(v.string(), d('Path or URL of this JSON Schema, for editor support.'))),
  schemaVersion: v.pipe(v.number(), d('Format version. This SDK reads 1 (and 1.x).')),
  revision: v.pipe(v.string(), v.minLength(1), d('Your own label for this manifest\'s revision (a date, a commit); every event carries it.')),
  defaultLocale: v.optional(v.pipe(LocaleTag, d('Locale used when the user\'s is missing from a text. Default "en".'))),
  settings: v.optional(Settings),
  // Read by `guidepost validate` only (schema-declare.ts); the SDK just accepts the key.
  declare: v.optional(v.pipe(v.unknown(), d('What your product provides, for `guidepost validate`. See schema-declare.ts.'))),
  experiments: v.optional(v.pipe(v.array(Experiment), d('Experiments over items or whole kinds of help.'))),
  items: v.pipe(v.array(v.unknown()), d('The help items.')),
  compiled: v.optional(
    v.pipe(
      v.strictObject({
        by: v.pipe(v.literal('guidepost'), d('Written by `guidepost build`.')),
        version: v.pipe(v.string(), d('Version of the CLI that validated the manifest.')),
        schemaVersion: v.pipe(v.number(), d('Manifest format major version it was validated against.')),
        hash: v.pipe(v.string(), d('Hash of the content as built: an edit made afterwards shows.')),
      }),
      d('Stamp written by `guidepost build`: the manifest was validated at build time, so the SDK does not load its validator. Do not write it by hand.'),
    ),
  ),
});

// Stray enumerable keys on Object.prototype must not read as schema entries, and an array is
// no object (see proto-safe.ts).
hardenSchemas(ManifestEnvelope, Item);

export type LocalizedText = v.InferOutput<typeof LocalizedText>;
export type Target = v.InferOutput<typeof Target>;
export type Placement = v.InferOutput<typeof Placement>;
export type Button = v.InferOutput<typeof Button>;
export type Trigger = v.InferOutput<typeof Trigger>;
export type Frequency = v.InferOutput<typeof Frequency>;
export type HelpLinkItem = v.InferOutput<typeof HelpLinkItem>;
export type TooltipItem = v.InferOutput<typeof TooltipItem>;
export type HotspotItem = v.InferOutput<typeof HotspotItem>;
export type TourStep = v.InferOutput<typeof TourStep>;
export type TourItem = v.InferOutput<typeof TourItem>;
export type BannerItem = v.InferOutput<typeof BannerItem>;
export type ChecklistItem = v.InferOutput<typeof ChecklistItem>;
export type ChecklistTask = v.InferOutput<typeof ChecklistTask>;
export type Item = v.InferOutput<typeof Item>;
export type ItemType = Item['type'];
export type Experiment = v.InferOutput<typeof Experiment>;
export type Variation = v.InferOutput<typeof Variation>;
export type Theme = v.InferOutput<typeof Theme>;
export type Caps = v.InferOutput<typeof Caps>;
export type Settings = v.InferOutput<typeof Settings>;
/** A validated manifest: only the items that passed validation are in `items`. */
export type Manifest = Omit<v.InferOutput<typeof ManifestEnvelope>, 'items'> & { items: Item[] };
