/**
 * Stands in for authoring mode's panel in the CommonJS builds (Jest setups, older tooling),
 * which leave it out (scripts/commonjs.mjs): importing this module fails, so `gp.author(true)`
 * reports why through onError and the page carries on.
 */
throw new Error('authoring mode needs the ESM or IIFE build (the CommonJS build leaves it out)');

export {};
