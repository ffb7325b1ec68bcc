/** The command line of `npm run bench`, read once. */
import { PRODUCTION_SYNC_TIMING } from '../src-main/core/sync/sync-types';

export const SHORT = process.argv.includes('--short');
export const SKIP_BROWSER = process.argv.includes('--no-browser');
/**
 * `--only=<section>` (config, create, commit, import, many, web, model, discovery, live): one section, for
 * working on it.
 */
export const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
export const runs = (section: string) => ONLY === undefined || ONLY === section;
export const n = (full: number, short: number) => (SHORT ? short : full);
/** The production coalescing window, taken from the engine's own timing. */
export const COALESCING_MS = PRODUCTION_SYNC_TIMING.debounceMs;
