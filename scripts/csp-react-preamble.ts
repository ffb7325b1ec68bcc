/**
 * `npm run dev` under the page's CSP (src-shared/content-security-policy.ts, `script-src 'self'`): the React
 * plugin puts its fast-refresh preamble into the dev page as an inline <script>, which that policy blocks, and the
 * page stays blank ("@vitejs/plugin-react can't detect preamble"). This serve-only plugin moves the preamble into a
 * module the dev server serves from the page's own origin, so development runs under the same policy as the
 * built app instead of a looser one.
 */
import type { Plugin } from 'vite';

/** Where the dev server serves the preamble. */
export const PREAMBLE_URL = '/@workshop/react-preamble.js';
const RESOLVED_ID = '\0workshop-react-preamble';
const INLINE_MODULE_SCRIPT = /<script type="module">([\s\S]*?)<\/script>/g;

export function cspFriendlyReactPreamble(): Plugin {
  let preamble = '';
  return {
    name: 'workshop:csp-friendly-react-preamble',
    apply: 'serve',
    transformIndexHtml: {
      // After @vitejs/plugin-react has injected its inline preamble.
      order: 'post',
      handler(html) {
        return html.replace(INLINE_MODULE_SCRIPT, (whole, code: string) => {
          if (!code.includes('injectIntoGlobalHook')) return whole;
          preamble = code;
          return `<script type="module" src="${PREAMBLE_URL}"></script>`;
        });
      },
    },
    resolveId(id) {
      return id === PREAMBLE_URL ? RESOLVED_ID : undefined;
    },
    load(id) {
      return id === RESOLVED_ID ? preamble : undefined;
    },
  };
}
