#!/usr/bin/env node
// The `guidepost` command. The CLI itself is built to dist/cli.js (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('guidepost: dist/cli.js is missing. Run "npm run build" first.');
  process.exit(2);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2));
