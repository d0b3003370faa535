/**
 * The shadow root's stylesheet. `:host` declarations are !important because host pages
 * with `* { ... !important }` would otherwise restyle our host element; inside a shadow
 * tree, important declarations win over the outer page's important ones.
 * Theme values are CSS custom properties, set from the manifest or by the host page.
 * This sheet styles what a tour needs (tour steps, tooltips, popovers, the dock); banners,
 * checklists, hotspots and help links bring theirs (widget-styles.ts), and so do the debug tools
 * (debug-styles.ts).
 * Tooltips, popovers and steps stay transparent (yet focusable) until they are placed (placing
 * sets data-placement): no flash at 0,0; and where they were while their target is gone (data-gone, position.ts:
 * `visibility` would drop the focus in them to <body>). A card without a title keeps its body clear of its ×
 * (room at the body's inline end; a float there, which text would flow around, is left out of the
 * card's width by Chromium, and a short body was squeezed and broken mid-word). A progress bar's transparent outline and its fill's
 * (inset: a fill at 0 % stays empty) draw nothing, except in forced colours (Windows High Contrast), where the
 * backgrounds that draw them give way: then they are the bar. A centered step (not placed beside a target, so no sheet) is
 * at most the viewport's height less a margin and scrolls inside: on a short or zoomed viewport its title, × and
 * buttons are reached by scrolling it (WCAG 1.4.10); `dvh` leaves out a phone's browser bars, `vh` is the fallback.
 * (Comments stay out of the CSS text, which ships as is.)
 */
const SURFACES_CSS = `
:host{--gp-accent:#2357d9;--gp-accent-text:#fff;--gp-link:var(--gp-accent);--gp-bg:#fff;--gp-text:#1b1f24;--gp-muted:#57606a;--gp-border:#d0d7de;
--gp-radius:8px;--gp-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--gp-space:12px;--gp-shadow:0 8px 24px rgba(0,0,0,.18);}
@media (prefers-color-scheme:dark){:host([data-scheme=auto]){--gp-bg:#1f2328;--gp-text:#e6edf3;--gp-muted:#9198a1;--gp-border:#3d444d;--gp-accent:#5b8def}}
:host([data-scheme=dark]){--gp-bg:#1f2328;--gp-text:#e6edf3;--gp-muted:#9198a1;--gp-border:#3d444d;--gp-accent:#5b8def}
@supports (color:oklch(from red l c h)) and (color:hsl(from red h s l)){
:host{--gp-link:oklch(from var(--gp-accent) min(l,.52) c h);--gp-accent-text:oklch(from var(--gp-accent) clamp(0,(.57 - l)*1000,1) 0 0)}
@media (prefers-color-scheme:dark){:host([data-scheme=auto]){--gp-link:oklch(from var(--gp-accent) max(l,.76) c h)}}
:host([data-scheme=dark]){--gp-link:oklch(from var(--gp-accent) max(l,.76) c h)}}
*{box-sizing:border-box}
[data-part=root]{display:contents}
[data-part]{font:14px/1.45 var(--gp-font);color:var(--gp-text);text-align:start;letter-spacing:normal;text-transform:none;overflow-wrap:break-word}
[data-part=tooltip],[data-part=popover]{position:fixed;top:0;left:0;max-width:min(320px,calc(100vw - 16px));background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:var(--gp-radius);box-shadow:var(--gp-shadow);padding:var(--gp-space);z-index:1}
[data-part=tooltip]:not([data-placement]),[data-part=popover]:not([data-placement]),[data-part=tour-step]:not([data-centered]):not([data-placement]){opacity:0;pointer-events:none}
[data-gone]{opacity:0!important;pointer-events:none}
[data-part=arrow]{position:absolute;width:10px;height:10px;background:var(--gp-bg);border:inherit;border-width:0 1px 1px 0;transform:rotate(45deg)}
[data-part=title]{font-weight:600;font-size:15px;margin:0 0 .25em;margin-inline-end:1.5em}
[data-part=close]+[data-part=body]{padding-inline-end:26px}
[data-part=body] p{margin:0 0 .5em}[data-part=body] p:last-child{margin-bottom:0}
[data-part=body] ul,[data-part=body] ol{margin:0 0 .5em;padding-inline-start:1.25em}
[data-part=body] code{font-family:ui-monospace,monospace;font-size:.9em;background:rgba(127,127,127,.15);padding:0 .25em;border-radius:3px}
a{color:var(--gp-link)}
button{font:inherit;cursor:pointer}
[data-part=actions]{display:flex;flex-wrap:wrap;gap:8px;justify-content:flex-end;margin-top:var(--gp-space)}
[data-part=button]{border:1px solid var(--gp-border);background:transparent;color:var(--gp-text);border-radius:calc(var(--gp-radius) - 2px);padding:6px 12px;max-width:100%;overflow-wrap:anywhere}
[data-part=button][data-primary]{background:var(--gp-accent);border-color:var(--gp-accent);color:var(--gp-accent-text)}
[data-part=close]{position:absolute;top:6px;inset-inline-end:6px;border:0;background:transparent;color:var(--gp-muted);width:28px;height:28px;border-radius:50%;font-size:18px;line-height:1}
button:focus-visible,a:focus-visible{outline:2px solid var(--gp-link);outline-offset:2px}
[data-part=tour-step]{position:fixed;top:0;left:0;width:min(360px,calc(100vw - 16px));background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:var(--gp-radius);box-shadow:var(--gp-shadow);padding:calc(var(--gp-space) + 4px);z-index:2}
[data-part=tour-step][data-centered]{top:50%;left:50%;transform:translate(-50%,-50%);max-height:calc(100vh - 16px);max-height:calc(100dvh - 16px);overflow:auto}
[data-part=tour-step]:focus,[data-part=tooltip]:focus,[data-part=popover]:focus{outline:none}
[data-part=tour-step]:focus-visible{outline:2px solid var(--gp-link);outline-offset:2px}
[data-part=progress]{display:flex;align-items:center;gap:8px;margin-top:var(--gp-space);color:var(--gp-muted);font-size:12px}
[data-part=progress-bar]{flex:1;height:4px;border-radius:2px;background:var(--gp-border);overflow:hidden;outline:1px solid transparent}
[data-part=progress-fill]{height:100%;background:var(--gp-accent);outline:2px solid transparent;outline-offset:-2px}
[data-part=actions] [data-action=skip]{margin-inline-end:auto;border-color:transparent;color:var(--gp-muted)}
[data-part=overlay]{position:fixed;inset:0;pointer-events:none;z-index:1}
[data-part=overlay-shade]{fill:rgba(15,20,30,.55);pointer-events:auto;cursor:pointer}
[data-part=overlay-cutout]{pointer-events:auto}
[data-part=dock]{position:fixed;bottom:0;inset-inline:0;display:flex;flex-direction:column;align-items:flex-end;gap:8px;pointer-events:none;z-index:1}
[data-part=dock]>*{pointer-events:auto}[data-part=dock][inert]{z-index:0}
[data-part=visually-hidden],[data-part=announcer]{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
[data-part=image]{display:block;max-width:100%;border-radius:calc(var(--gp-radius) - 2px);margin-bottom:8px}
[data-part=preview]{display:contents}
[data-part=preview-badge]{margin:0 16px 8px;padding:4px 10px;border-radius:12px;background:#7a2ee6;color:#fff;font-size:12px}
[data-wait]{visibility:hidden!important;pointer-events:none}
[data-aside]{visibility:hidden!important;pointer-events:none}
[data-part][data-sheet]{left:0;right:0;top:auto;bottom:0;width:100%;max-width:none;max-height:70vh;overflow:auto;border-radius:var(--gp-radius) var(--gp-radius) 0 0}
[data-sheet]>[data-part=arrow]{position:fixed;transform:none;background:none;border:2px solid var(--gp-accent);border-radius:6px;box-shadow:0 0 0 2px var(--gp-bg);pointer-events:none}
@media (prefers-reduced-motion:reduce){*,::after{animation:none!important;transition:none!important}}
`;

/** The main host: a zero-size fixed layer above the page that popovers position from. */
export const LAYER_CSS =
  ':host{all:initial!important;position:fixed!important;inset:0 auto auto 0!important;width:0!important;height:0!important;margin:0!important;padding:0!important;border:0!important;background:none!important;z-index:2147483647!important;display:block!important;overflow:visible!important;zoom:var(--gp-unzoom,1)!important}' +
  SURFACES_CSS;

/** The inline host of a help link, which must sit in the page's own tab order. */
export const INLINE_CSS = ':host{all:initial!important;display:inline!important}:host([data-block]){display:block!important}' + SURFACES_CSS;
