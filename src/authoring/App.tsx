/**
 * The panel's frame: a labelled complementary region with its close button, the manifest
 * loading, then the editor. While an element is being picked the frame is hidden (only the
 * picker shows), so nothing of the page is covered.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Editor } from './Editor';
import type { Loaded, Session } from './session';

export function AuthorApp({ session }: { session: Session }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [failed, setFailed] = useState<string>();
  const [picking, setPicking] = useState(false);
  // The side the panel sits on: the writer moves it off what they are working on.
  const [side, setSide] = useState<'start' | 'end'>('end');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    let live = true;
    session.load().then(
      (result) => live && setLoaded(result),
      // Said in the panel (not a "Loading…" that never ends) and reported as every problem is.
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        session.report(`the manifest could not be loaded: ${message}`);
        if (live) setFailed(message);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  // Keyboard users land in the panel when it opens.
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);
  return (
    <aside data-author="panel" data-state={picking ? 'picking' : 'open'} data-side={side} aria-labelledby="gp-author-title">
      <h2 id="gp-author-title" tabIndex={-1} ref={heading}>
        Guidepost authoring
      </h2>
      <button type="button" data-author="close" aria-label="Close authoring" onClick={() => session.close()}>
        ×
      </button>
      <button type="button" data-author="side" onClick={() => setSide(side === 'end' ? 'start' : 'end')}>
        Move panel to the {side === 'end' ? 'left' : 'right'}
      </button>
      {loaded ? (
        <Editor session={session} loaded={loaded} onPicking={setPicking} />
      ) : failed !== undefined ? (
        <p role="alert" data-author="problems">
          The manifest could not be loaded: {failed}
        </p>
      ) : (
        <p role="status">Loading the manifest…</p>
      )}
    </aside>
  );
}
