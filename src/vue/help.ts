/** `v-help="name"`: names an element for the manifest's `target: { anchor }`. */
import type { ObjectDirective } from 'vue';

const apply = (el: Element, name: string | null | undefined) => {
  if (name) el.setAttribute('data-help', name);
  else el.removeAttribute('data-help');
};

/**
 * Sets `data-help` on the element (`target: { "anchor": "export" }` matches
 * `v-help="'export'"`), adding no element of its own. Set when the element is created —
 * before it is in the page, so the SDK finds it as soon as it appears — and in server
 * rendering's HTML. Registered by `GuidepostPlugin` as `v-help`; import it as `vHelp` for
 * `<script setup>` without the plugin.
 */
export const vHelp: ObjectDirective<Element, string | null | undefined> = {
  created: (el, { value }) => apply(el, value),
  beforeUpdate: (el, { value, oldValue }) => {
    if (value !== oldValue) apply(el, value);
  },
  getSSRProps: ({ value }) => (value ? { 'data-help': value } : {}),
};

// Templates type-check `v-help` (vue-tsc, Volar) once the plugin registered it.
declare module 'vue' {
  interface GlobalDirectives {
    vHelp: typeof vHelp;
  }
}
