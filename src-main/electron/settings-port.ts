/**
 * The SettingsPort over electron-store. electron-store is a `conf`, so the tests run this over `conf` on a
 * temp dir. Field checking is the core's readSettings (shared with the web host's conf port): a bad stored
 * value falls back to its default alone and is logged; the other fields keep their values.
 */

export { createSettingsPort, type JsonStore } from '../core/settings-values';
