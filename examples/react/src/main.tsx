import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { GuidepostOptions } from 'guidepost';
import { GuidepostProvider } from 'guidepost/react';
import { App } from './App';
import manifest from './manifest.json';
import { Probe, recordEvent, setMountedHook } from './test-hooks';

const options: GuidepostOptions = {
  manifest,
  locale: 'en',
  // Events stay on the device (no endpoint); onEvent is where an analytics bridge would go.
  onEvent: recordEvent,
};

function Root() {
  const [mounted, setMounted] = useState(true);
  useEffect(() => setMountedHook(setMounted), []);
  return mounted ? (
    <GuidepostProvider options={options}>
      <Probe />
      <App />
    </GuidepostProvider>
  ) : null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
