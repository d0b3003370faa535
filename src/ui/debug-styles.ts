/**
 * The stylesheet of the debug panel and the element picker, in the debug tools' chunk: a page
 * nobody debugs never downloads it. The panel adds it to its shadow root while it is open
 * (DebugPanel.tsx), after the layer's own sheet (styles.ts), whose custom properties it uses; none
 * of the layer's rules competes with these at equal specificity.
 */
export const DEBUG_CSS = `
[data-part=debug-panel]{position:fixed;top:8px;bottom:8px;inset-inline-start:8px;width:min(480px,calc(100vw - 16px));overflow:auto;background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:var(--gp-radius);box-shadow:var(--gp-shadow);padding:var(--gp-space);z-index:4;font-size:13px}
[data-part=debug-panel] table{width:100%;border-collapse:collapse;margin-top:8px}
[data-part=debug-panel] th,[data-part=debug-panel] td{text-align:start;vertical-align:top;padding:4px;border-top:1px solid var(--gp-border);font-weight:normal}
[data-part=debug-panel] tr[data-state=shown] th{font-weight:600}
[data-part=debug-panel] td>button{white-space:nowrap;overflow-wrap:normal}
[data-part=debug-panel] pre{max-height:240px;overflow:auto;font-size:11px;background:rgba(127,127,127,.12);padding:6px;border-radius:4px}
[data-part=debug-panel] input,[data-part=debug-panel] select{font:inherit;color:var(--gp-text);background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:4px;padding:4px;margin:4px 0}
[data-part=debug-label]{display:block;margin-top:8px}
[data-part=debug-experiment]{display:flex;flex-direction:column;margin-bottom:8px}
[data-part=picker]{position:fixed;inset:0;cursor:crosshair;z-index:5;outline:none}
[data-part=picker-highlight]{position:fixed;border:2px solid #7a2ee6;background:rgba(122,46,230,.12);pointer-events:none}
[data-part=picker-result]{position:fixed;bottom:8px;inset-inline-end:8px;width:min(420px,calc(100vw - 16px));background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:var(--gp-radius);box-shadow:var(--gp-shadow);padding:var(--gp-space);z-index:5;word-break:break-all}
`;
