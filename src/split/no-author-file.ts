/**
 * Authoring mode in the CommonJS builds (Jest setups, older tooling): not available there, and
 * not carried. `gp.author(true)` reports this through onError and the page carries on.
 */
export function loadAuthorModule(): Promise<never> {
  return Promise.reject(new Error('authoring mode needs the ESM or IIFE build (the CommonJS build leaves it out)'));
}
