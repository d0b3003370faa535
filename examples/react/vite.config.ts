// An app that installed guidepost needs only `plugins: [react()]`. This example lives in the
// repository, so the package name points at the repository's build (run `npm run build` first).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^guidepost$/, replacement: dist('guidepost.js') },
      { find: /^guidepost\/react$/, replacement: dist('react.js') },
    ],
  },
});
