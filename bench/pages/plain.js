// The same product page with no help library: the baseline for the page's own cost.
import { register } from './common.js';

window.bench.idleResult = { setupToStartMs: 0, navigationToStartMs: performance.now(), errors: [] };
register({ name: 'none' });
