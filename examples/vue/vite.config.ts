// An app that installed guidepost needs only `plugins: [vue()]`. This example lives in the
// repository, so the package name points at the repository's build (run `npm run build` first).
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: [
      { find: /^guidepost$/, replacement: dist('guidepost.js') },
      { find: /^guidepost\/vue$/, replacement: dist('vue.js') },
    ],
  },
});
