/**
 * The stylesheet of banners, checklists, hotspots, help links and "Was this helpful?"
 * (widgets.tsx), in their chunk: a page that shows only tours and tooltips never downloads it. It is added after the layer's
 * own sheet (styles.ts) and shares its custom properties; the rules kept their order, and none of
 * styles.ts's rules that came after them competes with them at equal specificity, so moving
 * them after the whole sheet changes no computed style.
 * The hotspot's pulse is a ring (the beacon's ::after) that animates only transform and opacity,
 * which the compositor runs off the main thread; the box-shadow pulse it replaces repainted every
 * frame, for every hotspot (20 on a scrolling page cost a visible share of each frame). At rest,
 * and under prefers-reduced-motion (styles.ts), the ring is invisible: the beacon is the plain dot it was.
 * It pulses twice (3.6 s) and rests: motion that lasts over 5 s must be possible to stop (WCAG 2.2.2),
 * and a beacon that never stops pulls the eye from the page's own work.
 * The beacon's transparent border draws nothing, except in forced colours (Windows High Contrast),
 * where backgrounds give way to the system's and borders take its text colour: the dot stays visible.
 */
export const WIDGETS_CSS = `
[data-part=feedback]{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:var(--gp-space);font-size:13px}
[data-part=feedback] textarea{width:100%;font:inherit;color:var(--gp-text);background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:4px;padding:4px}
[data-part=feedback] label{width:100%}
[data-part=banner]{--gp-text:var(--gp-accent-text);position:fixed;inset-inline:0;display:flex;flex-wrap:wrap;align-items:center;gap:var(--gp-space);padding:10px 16px;padding-inline-end:48px;background:var(--gp-accent);color:var(--gp-accent-text);box-shadow:var(--gp-shadow)}
[data-part=banner][data-slot=top]{top:0}[data-part=banner][data-slot=bottom]{bottom:0}
[data-part=banner][data-slot=inline]{position:relative;inset:auto;margin:8px 0;border-radius:var(--gp-radius);box-shadow:none}
[data-part=banner] a,[data-part=banner] [data-part=close]{color:inherit}
[data-part=banner] :focus-visible{outline-color:currentColor}
[data-part=banner] [data-part=title]{margin:0}
[data-part=banner] [data-part=button]{background:var(--gp-accent-text);color:var(--gp-accent);border:0}
[data-part=help-link]{display:inline-flex;align-items:center;justify-content:center;width:24px;height:24px;margin-block:-3px;margin-inline-start:3px;border-radius:50%;border:3px solid transparent;box-shadow:inset 0 0 0 1px;color:var(--gp-link);background:transparent;font:600 12px/1 var(--gp-font);text-decoration:none;vertical-align:middle;padding:0}
[data-part=hotspot]{position:fixed;top:0;left:0;width:24px;height:24px;border:0;padding:0;border-radius:50%;background:transparent;display:grid;place-items:center;z-index:1}
[data-part=beacon]{position:relative;width:12px;height:12px;border-radius:50%;background:var(--gp-accent);border:3px solid transparent}
[data-part=beacon]::after{content:"";position:absolute;inset:-3px;border-radius:50%;background:inherit;opacity:0;animation:gp-pulse 1.8s 2}
@keyframes gp-pulse{0%{opacity:.6}70%{transform:scale(2.67);opacity:0}}
[data-part=dock]>[data-part=banner]{position:relative;width:100%}
[data-part=checklist]{margin:0 16px 16px;display:flex;flex-direction:column-reverse;align-items:flex-end;gap:8px;z-index:1}
[data-part=checklist-panel]{position:relative;width:min(320px,calc(100vw - 32px));max-height:70vh;overflow:auto;background:var(--gp-bg);border:1px solid var(--gp-border);border-radius:var(--gp-radius);box-shadow:var(--gp-shadow);padding:var(--gp-space)}
[data-part=checklist-panel] [data-part=progress]{margin:4px 0 8px}
[data-part=checklist-tasks]{list-style:none;margin:0;padding:0}
[data-part=checklist-task]{display:flex;flex-wrap:wrap;align-items:center;gap:0 8px;padding:6px 0;border-top:1px solid var(--gp-border)}
[data-part=task-body]{flex-basis:100%;padding-inline-start:26px;color:var(--gp-muted);font-size:13px}[data-part=task-body] p{margin:0}
[data-part=task-body] ul,[data-part=task-body] ol{margin:0;padding-inline-start:1.25em}
[data-part=checklist-task][data-state=done]>span:nth-child(2){text-decoration:line-through;color:var(--gp-muted)}
[data-part=check]{width:18px;height:18px;flex:none;border:1px solid var(--gp-border);border-radius:50%;display:grid;place-items:center;font-size:12px;color:var(--gp-accent-text)}
[data-state=done]>[data-part=check]{background:var(--gp-accent);border-color:var(--gp-accent)}
[data-part=task-button]{min-height:24px;border:0;background:transparent;color:var(--gp-link);padding:0;text-align:start;text-decoration:underline}
[data-part=checklist-panel]>[data-action=dismiss]{display:block;margin:0;margin-inline-start:auto;border:0;padding:0;min-height:24px;font-size:12px;color:var(--gp-muted);text-decoration:underline}
[data-part=checklist-launcher]{border:0;border-radius:999px;padding:10px 16px;background:var(--gp-accent);color:var(--gp-accent-text);box-shadow:var(--gp-shadow);font-weight:600}
`;
