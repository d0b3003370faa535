/**
 * The panel once the manifest is loaded: the reducer's state, the validation of each draft,
 * applying valid drafts to the page, and the pick flow (pick -> choose what to create, or pick
 * the next step of a tour, or a new target). Focus is moved on purpose after each step of that
 * flow, and after what removes the focused control (deleting an item, cancelling the chooser,
 * discarding), so the whole of it works from the keyboard. When the file changed on disk under
 * the draft (a kept draft at load, or a refused save), the draft's edits are re-applied onto it
 * (merge.ts) and the writer is told what happened (Notice.tsx).
 */
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { SelectorRecommendation } from '../dom/recommend-selector';
import { checkDraft } from './check';
import { listOf, localesOf } from './edit';
import { Export } from './Export';
import { fieldId, Problems } from './fields';
import { isObject, type JsonObject } from './json-patch';
import { mergeEdits } from './merge';
import { Notice, type DiskNotice } from './Notice';
import { ItemEditor } from './ItemEditor';
import { Chooser, ItemList } from './ItemList';
import { Locales } from './Locales';
import { PickLayer } from './PickLayer';
import type { Loaded, Session } from './session';
import { defaultLocaleOf, findItem, initialState, reduce, type AuthoringAction } from './state';

/** What a pick is for. */
type Pick = { kind: 'new' } | { kind: 'step'; id: string } | { kind: 'retarget'; id: string; step?: number };

const purposeOf = (pick: Pick) =>
  pick.kind === 'new' ? 'an element to put help on' : pick.kind === 'step' ? `the target of the next step of ${pick.id}` : `a new target for ${pick.id}${pick.step !== undefined ? ` step ${pick.step + 1}` : ''}`;

/** Waits this long after the last keystroke before the page redraws the edit. */
const APPLY_DELAY_MS = 200;

export function Editor({ session, loaded, onPicking }: { session: Session; loaded: Loaded; onPicking: (picking: boolean) => void }) {
  const [kept] = useState(() => session.keptDraft(loaded.original));
  const [state, dispatch] = useReducer(reduce, undefined, () => {
    const fresh = initialState(loaded.original, session.locale);
    return kept ? reduce(fresh, { type: 'restore', draft: kept.draft }) : fresh;
  });
  const [notice, setNotice] = useState<DiskNotice | undefined>(() => kept?.rebased && { kind: 'restored', ...kept.rebased });
  // The state as of the latest render, for what answers later than the event that started it (a save).
  const latestState = useRef(state);
  latestState.current = state;
  const defaultLocale = defaultLocaleOf(state.draft);
  const [added, setAdded] = useState<string[]>([]);
  const locales = [...new Set([...localesOf(state.draft, defaultLocale), session.locale, state.locale, ...added])];
  const others = locales.filter((locale) => locale !== defaultLocale);
  const check = useMemo(() => checkDraft(state.draft, others), [state.draft, others.join(',')]);
  const [, setTick] = useState(0);
  const refresh = () => setTick((n) => n + 1);
  const [previewing, setPreviewing] = useState<string>();
  const latestPreview = useRef(previewing);
  latestPreview.current = previewing;
  const [pick, setPickState] = useState<Pick>();
  // The frame hides while picking; told in the same batch, so focus moved after a pick lands on something visible.
  const setPick = (next: Pick | undefined) => {
    setPickState(next);
    onPicking(next !== undefined);
  };
  const [picked, setPicked] = useState<SelectorRecommendation & { route: string }>();
  const [saveTarget, setSaveTarget] = useState<string>();
  const [focusNext, setFocusNext] = useState<string>();
  const root = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!check.manifest) return;
    const manifest = check.manifest;
    const timer = setTimeout(() => void session.apply(manifest, latestPreview.current).then(refresh), APPLY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [check.manifest]);
  useEffect(() => session.keepDraft(state.original, state.draft), [state.original, state.draft]);
  useEffect(() => session.onRoute(refresh), []);
  useEffect(() => void session.saveTarget().then(setSaveTarget), []);
  useEffect(() => {
    if (!focusNext || pick) return;
    setFocusNext(undefined);
    // In the panel's shadow root (the heading is outside this component); " || " separates fallbacks.
    const scope = root.current?.getRootNode() as ParentNode | undefined;
    const field = focusNext.split(' || ').reduce<HTMLElement | null | undefined>((found, selector) => found ?? scope?.querySelector<HTMLElement>(selector), null);
    field?.focus();
    // A new item's placeholder text ("New tip") is selected: typing replaces it.
    if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.select();
  }, [focusNext, pick, state]);

  const startPick = (next: Pick) => {
    returnFocus.current = root.current?.ownerDocument.activeElement?.shadowRoot?.activeElement as HTMLElement | null;
    setPicked(undefined);
    setPick(next);
  };
  const cancelPick = () => {
    setPick(undefined);
    // Back to the button that started it, once the frame is visible again (after this render).
    const back = returnFocus.current;
    setTimeout(() => back?.focus(), 0);
  };
  const onPicked = (result: SelectorRecommendation) => {
    const current = pick!;
    const route = session.path();
    setPick(undefined);
    if (current.kind === 'new') return setPicked({ ...result, route });
    if (current.kind === 'step') {
      const steps = listOf(findItem(state.draft, current.id)?.steps).length;
      dispatch({ type: 'add-step', id: current.id, target: result.target, route });
      return setFocusNext(`#${fieldId(current.id, steps, 'title')}`);
    }
    if (current.step === undefined) dispatch({ type: 'set', id: current.id, key: 'target', value: result.target });
    else {
      dispatch({ type: 'set-step', id: current.id, step: current.step, key: 'target', value: result.target });
      dispatch({ type: 'set-step', id: current.id, step: current.step, key: 'route', value: route });
    }
    setFocusNext(`#${fieldId(current.id, current.step ?? 'item', 'title')}`);
  };

  // A deleted item's button is gone: focus goes to the entry now in its place in the list (the next item), else the list.
  const itemDispatch = (action: AuthoringAction) => {
    if (action.type === 'delete' && action.index === undefined) {
      const index = listOf(state.draft.items).findIndex((i) => isObject(i) && i.id === action.id);
      const left = listOf(state.draft.items).length - 1;
      if (index >= 0) setFocusNext(`${left > 0 ? `[data-author=items] > li:nth-child(${Math.min(index, left - 1) + 1}) button || ` : ''}#gp-author-items`);
    }
    dispatch(action);
  };

  /**
   * Save found the file changed on disk: the draft's edits re-applied onto it when nothing collides, else the draft kept as is.
   * The draft now, not the one sent: the writer may have edited on while the save was in flight.
   */
  const onChanged = (current: JsonObject | undefined) => {
    if (!current) return setNotice({ kind: 'save-unreadable' });
    const now = latestState.current;
    const { merged, conflicts, edits } = mergeEdits(now.original, now.draft, current);
    if (conflicts.length) return setNotice({ kind: 'save-conflict', conflicts, current });
    dispatch({ type: 'rebase-onto', original: current, draft: merged });
    setNotice({ kind: 'save-rebased', edits });
  };
  const takeFile = (current: JsonObject) => {
    const { merged, conflicts } = mergeEdits(state.original, state.draft, current);
    dispatch({ type: 'rebase-onto', original: current, draft: merged });
    setNotice({ kind: 'not-applied', conflicts });
  };
  const noticeView = (shown: DiskNotice) => (
    <Notice
      notice={shown}
      fileName={loaded.fileName}
      onTakeFile={() => shown.kind === 'save-conflict' && takeFile(shown.current)}
      onDismiss={() => {
        setNotice(undefined);
        setFocusNext('#gp-author-title');
      }}
    />
  );

  const preview = (id: string, step?: number) => {
    setPreviewing(id);
    session.preview(id, step);
  };
  const stopPreview = () => {
    if (previewing) session.stopPreview(previewing);
    setPreviewing(undefined);
  };

  const items = listOf(state.draft.items);
  const item = findItem(state.draft, state.selected);
  const explanations = session.explanations();
  const tours = items.flatMap((i) => (isObject(i) && i.type === 'tour' && typeof i.id === 'string' ? [i.id] : []));
  return (
    // While picking, the editor stays (hidden with the frame): its scroll position and the button
    // to give focus back to are still there afterwards.
    <div ref={root}>
      {pick && <PickLayer purpose={purposeOf(pick)} onPicked={onPicked} onCancel={cancelPick} />}
      {loaded.note && <p data-author="hint">{loaded.note}</p>}
      {notice?.kind === 'restored' && noticeView(notice)}
      <div data-author="row">
        <button type="button" data-primary="" data-action="pick" onClick={() => startPick({ kind: 'new' })}>
          Pick an element
        </button>
        <button type="button" onClick={refresh}>
          Refresh verdicts
        </button>
        <button type="button" onClick={() => void session.rt.api.reset().then(refresh)}>
          Reset my progress
        </button>
      </div>
      {picked && (
        <Chooser
          picked={picked}
          tours={tours}
          onCreate={(kind) => {
            setPicked(undefined);
            dispatch(kind === 'tour' ? { type: 'create-tour', target: picked.target, route: picked.route } : { type: 'create', kind, target: picked.target });
            setFocusNext('[data-author=editor] input, [data-author=editor] textarea');
          }}
          onAddStep={(id) => {
            setPicked(undefined);
            dispatch({ type: 'add-step', id, target: picked.target, route: picked.route });
            setFocusNext(`#${fieldId(id, listOf(findItem(state.draft, id)?.steps).length, 'title')}`);
          }}
          onCancel={() => {
            setPicked(undefined);
            // Back to the button that opened the chooser.
            setFocusNext('[data-action=pick]');
          }}
        />
      )}
      <Locales
        locales={locales}
        locale={state.locale}
        defaultLocale={defaultLocale}
        missing={check.missing}
        onLocale={(locale) => dispatch({ type: 'locale', locale })}
        onAdd={(locale) => {
          setAdded((list) => [...list, locale]);
          dispatch({ type: 'locale', locale });
        }}
        onEdit={(id, locale) => {
          dispatch({ type: 'select', id });
          dispatch({ type: 'locale', locale });
          setFocusNext('[data-author=editor] input, [data-author=editor] textarea');
        }}
      />
      <Problems problems={check.general} />
      <ItemList items={items} selected={state.selected} explanations={explanations} problems={check.byItem} onSelect={(id) => dispatch({ type: 'select', id })} onDeleteEntry={(id, index) => dispatch({ type: 'delete', id, index })} />
      {item && (
        <ItemEditor
          item={item}
          doc={session.doc}
          locale={state.locale}
          defaultLocale={defaultLocale}
          declare={state.draft.declare}
          problems={check.byItem.get(item.id as string)}
          explanation={explanations.find((e) => e.itemId === item.id)}
          previewing={previewing === item.id}
          dispatch={itemDispatch}
          onPick={({ newStep, step }) => startPick(newStep ? { kind: 'step', id: item.id as string } : { kind: 'retarget', id: item.id as string, step })}
          onPreview={(step) => preview(item.id as string, step)}
          onStopPreview={stopPreview}
        />
      )}
      <Export
        original={state.original}
        draft={state.draft}
        fileName={loaded.fileName}
        saveTarget={saveTarget}
        errors={check.errors}
        session={session}
        onSaved={(sent) => {
          // What was sent is what the file has; edits made since stay as changes.
          dispatch({ type: 'rebase', saved: sent.draft });
          setNotice(undefined);
        }}
        onChanged={onChanged}
        onDiscard={() => {
          dispatch({ type: 'restore', draft: state.original });
          setNotice(undefined);
          // The button just disabled itself: focus goes to the panel's heading.
          setFocusNext('#gp-author-title');
        }}
      >
        {notice && notice.kind !== 'restored' && noticeView(notice)}
      </Export>
    </div>
  );
}
