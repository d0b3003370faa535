/**
 * A renderer with every surface's code built in: banners, checklists, hotspots and help links
 * are drawn in the same call as everything else, with no chunk to wait for. For code that draws
 * synchronously and has no page weight to save (the DOM tests). The SDK itself draws through
 * render-surfaces.tsx with the widgets' chunk loaded on demand (runtime/view-chunk.ts), so
 * nothing it ships imports this module.
 */
import { createSurfaceRenderer, type Renderer, type RendererOptions } from './render-surfaces';
import * as widgets from './widgets';

export type { Renderer, RendererOptions };

/** Creates a renderer for `doc` that draws every kind of surface. */
export function createRenderer(doc: Document, options: RendererOptions): Renderer {
  return createSurfaceRenderer(doc, options, () => widgets);
}
