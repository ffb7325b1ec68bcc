/**
 * zod 4 probes `new Function` when it builds its first object schema, to decide whether to compile fast
 * parsers. Under the page's CSP (no 'unsafe-eval', src-shared/content-security-policy.ts) the probe is refused
 * and Chromium reports a CSP violation at every start. Jitless mode skips the probe. It must run before any
 * schema is built, so the renderer imports this module first (src-renderer/src/main.tsx).
 */
import { z } from 'zod';

z.config({ jitless: true });
