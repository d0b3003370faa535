// Property-based tests explore new random inputs on every developer run; CI uses a fixed seed
// so that a red build always means a change broke something (FC_SEED overrides either way).
import fc from 'fast-check';
import './patient-wait-for';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261122' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
