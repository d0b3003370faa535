/** The debug tools as one vnode, so the controller (plain TS) can hand them to the renderer. */
import { useEffect, useState } from 'preact/hooks';
import type { SelectorRecommendation } from '../dom/recommend-selector';
import { DebugPanel, type DebugActions, type DebugData } from './DebugPanel';

export interface DebugViewState {
  data: DebugData;
  actions: DebugActions;
  picking: boolean;
  picked?: SelectorRecommendation;
  onPicked: (result: SelectorRecommendation) => void;
  onPickDone: () => void;
}

type PickerModule = typeof import('./Picker');

/** The element picker is its own chunk: it loads the first time someone picks. */
function usePickerModule(needed: boolean): { picker?: PickerModule; error?: string } {
  const [picker, setPicker] = useState<PickerModule>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!needed || picker) return;
    let current = true;
    import('./Picker').then(
      (module) => current && setPicker(module),
      (failure: Error) => current && setError(`the element picker could not be loaded: ${failure.message}`),
    );
    return () => {
      current = false;
    };
  }, [needed, picker]);
  return { picker, error };
}

function DebugTools({ state }: { state: DebugViewState }) {
  const { picker, error } = usePickerModule(state.picking || state.picked !== undefined);
  return (
    <>
      <DebugPanel data={state.data} actions={state.actions} />
      {error && (state.picking || state.picked) && <p data-part="debug-error" role="alert">{error}</p>}
      {picker && state.picking && <picker.Picker onPicked={state.onPicked} onCancel={state.onPickDone} />}
      {picker && state.picked && !state.picking && <picker.PickerResult result={state.picked} onClose={state.onPickDone} />}
    </>
  );
}

export function debugView(state: DebugViewState) {
  return <DebugTools state={state} />;
}
