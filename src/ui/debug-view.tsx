/** The debug tools as one vnode, so the controller (plain TS) can hand them to the renderer. */
import type { SelectorRecommendation } from '../dom/recommend-selector';
import { DebugPanel, type DebugActions, type DebugData } from './DebugPanel';
import { Picker, PickerResult } from './Picker';

export interface DebugViewState {
  data: DebugData;
  actions: DebugActions;
  picking: boolean;
  picked?: SelectorRecommendation;
  onPicked: (result: SelectorRecommendation) => void;
  onPickDone: () => void;
}

export function debugView(state: DebugViewState) {
  return (
    <>
      <DebugPanel data={state.data} actions={state.actions} />
      {state.picking && <Picker onPicked={state.onPicked} onCancel={state.onPickDone} />}
      {state.picked && !state.picking && <PickerResult result={state.picked} onClose={state.onPickDone} />}
    </>
  );
}
