/**
 * The authoring panel's stylesheet, in its own shadow root. Adopted, not a <style> element:
 * pages with a strict `style-src` (the demo's) block inline styles. Selectors use
 * `data-author`, the panel's own attribute (the public `data-part` contract lists what pages
 * may style), except the element picker's two parts, styled here as ui/debug-styles.ts styles them.
 * Its own, not the surfaces' stylesheet: importing that would split it out of the UI chunk into
 * a chunk shared with this one, one more request for every page that shows help.
 * The host is a zero-size fixed box (as the surfaces' layer is); `!important` because pages
 * with `* { … !important }` would otherwise restyle it.
 */
export const AUTHOR_CSS = `
:host{all:initial!important;position:fixed!important;inset:0 auto auto 0!important;width:0!important;height:0!important;margin:0!important;padding:0!important;border:0!important;background:none!important;z-index:2147483647!important;display:block!important;overflow:visible!important;
--gp-accent:#2357d9;--gp-accent-text:#fff;--gp-bg:#fff;--gp-text:#1b1f24;--gp-border:#d0d7de;--gp-radius:8px;--gp-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--gp-space:12px;--gp-shadow:0 8px 24px rgba(0,0,0,.18)}
*{box-sizing:border-box}
[data-part=root]{display:contents}
[data-part=picker]{position:fixed;inset:0;cursor:crosshair;z-index:5;outline:none}
[data-part=picker-highlight]{position:fixed;border:2px solid #7a2ee6;background:rgba(122,46,230,.12);pointer-events:none}
[data-author=panel]{position:fixed;top:8px;bottom:8px;inset-inline-end:8px;width:min(440px,calc(100vw - 16px));overflow:auto;overscroll-behavior:contain;background:var(--gp-bg);color:var(--gp-text);border:1px solid var(--gp-border);border-radius:var(--gp-radius);box-shadow:var(--gp-shadow);padding:var(--gp-space);z-index:6;font:13px/1.45 var(--gp-font);text-align:start}
[data-author=panel] *{font:inherit;color:inherit}
[data-author=panel][data-state=picking]{visibility:hidden}[data-author=pick-layer]{visibility:visible}
[data-author=panel][data-side=start]{inset-inline-end:auto;inset-inline-start:8px}
[data-author=panel] h2{font-size:16px;font-weight:600;margin:0 2em 8px 0}
[data-author=panel] h2:focus{outline:none}
[data-author=side]{font-size:12px!important;padding:2px 8px!important;margin-bottom:4px}
[data-author=panel] h3{font-size:14px;font-weight:600;margin:12px 0 6px}
[data-author=panel] h4{font-weight:600;margin:8px 0 4px}
[data-author=panel] code{font-family:ui-monospace,monospace;font-size:12px;background:rgba(127,127,127,.15);padding:0 .25em;border-radius:3px;word-break:break-all}
[data-author=panel] label{display:block;margin:6px 0 2px;font-weight:600}
[data-author=panel] input,[data-author=panel] select,[data-author=panel] textarea{width:100%;background:var(--gp-bg);border:1px solid #6e7781;border-radius:4px;padding:4px 6px}
[data-author=panel] input[type=checkbox]{width:auto;margin-inline-end:6px}
[data-author=panel] textarea{min-height:3.2em;resize:vertical}
[data-author=panel] fieldset{border:1px solid var(--gp-border);border-radius:6px;margin:8px 0;padding:6px 8px}
[data-author=panel] legend{font-weight:600;padding:0 4px}
[data-author=panel] button{border:1px solid #6e7781;background:var(--gp-bg);border-radius:4px;padding:4px 10px;cursor:pointer}
[data-author=panel] button[data-primary]{background:var(--gp-accent);border-color:var(--gp-accent);color:var(--gp-accent-text)}
[data-author=panel] button[disabled]{opacity:.6;cursor:default}
[data-author=panel] :focus-visible{outline:2px solid var(--gp-accent);outline-offset:1px}
[data-author=row]{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0}
[data-author=row]>label{margin:0}
[data-author=close]{position:absolute;top:8px;inset-inline-end:8px;width:30px;height:30px;padding:0!important;font-size:18px!important;line-height:1}
[data-author=items]{list-style:none;margin:0;padding:0}
[data-author=items]>li{display:flex;flex-wrap:wrap;gap:2px 8px;align-items:baseline;padding:4px;border-top:1px solid var(--gp-border)}
[data-author=items]>li[data-state=selected]{background:rgba(35,87,217,.08)}
[data-author=items] button{border:0;background:none;padding:0;text-decoration:underline;font-weight:600}
[data-author=verdict],[data-author=hint],[data-author=matches]{color:#57606a;font-size:12px}
[data-author=verdict]{flex-basis:100%}
[data-author=problems]{margin:4px 0;padding-inline-start:1.2em;color:#b42318}
[data-author=badge]{font-size:12px;color:#b42318;font-weight:600}
[data-author=steps]{margin:0;padding:0;list-style:none}
[data-author=editor]{border-top:2px solid var(--gp-border);margin-top:10px}
[data-author=patch]{font-family:ui-monospace,monospace!important;font-size:11px!important;min-height:8em!important}
[data-author=status]{min-height:1.2em;margin:4px 0;color:#1a7f37}
[data-author=save-error]{margin:4px 0;padding:4px 8px;color:#b42318;background:#fef3f2;border:1px solid #b42318;border-radius:4px}
[data-author=notice]{margin:6px 0;padding:6px 8px;background:#fff8c5;color:#3b2300;border:1px solid #9a6700;border-radius:6px}
[data-author=notice] p{margin:0 0 4px}[data-author=notice] ul{margin:0 0 4px;padding-inline-start:1.2em}
[data-author=pick-bar]{position:fixed;top:8px;inset-inline-start:50%;transform:translateX(-50%);z-index:6;max-width:calc(100vw - 16px);background:#7a2ee6;color:#fff;border-radius:8px;padding:6px 12px;font:13px/1.4 var(--gp-font);pointer-events:none;box-shadow:var(--gp-shadow)}
[data-author=kb-highlight]{position:fixed;border:2px dashed #7a2ee6;background:rgba(122,46,230,.08);pointer-events:none;z-index:6}
[data-author=chooser]{border:2px solid #7a2ee6;border-radius:6px;padding:8px;margin:8px 0}
[data-author=chooser] h3{margin-top:0}
`;
