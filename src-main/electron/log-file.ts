/**
 * The desktop app's log: every line the console shows also goes to `<logs>/main.log`, so a problem on a
 * workshop PC (where nobody watches a console) can be read afterwards. Size-bounded: past `maxBytes` the file
 * becomes main.1.log (main.1 becomes main.2, …, the oldest is dropped), so the folder never holds more than
 * (keep + 1) × maxBytes.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/ports';

export const LOG_FILE_NAME = 'main.log';

export interface LogFile {
  /** The current file's path. */
  readonly path: string;
  write(level: 'info' | 'warn' | 'error', line: string): void;
  /** A Logger that prints to the console as before and appends the same text here. */
  loggerFor(scope: string): Logger;
}

export function openLogFile(options: {
  dir: string;
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
  console?: Pick<Console, 'info' | 'warn' | 'error'>;
}): LogFile {
  const maxBytes = options.maxBytes ?? 1_000_000;
  const keep = options.keep ?? 3;
  const now = options.now ?? (() => new Date());
  const out = options.console ?? console;
  const path = join(options.dir, LOG_FILE_NAME);
  const rotated = (n: number) => join(options.dir, `main.${n}.log`);
  let size = 0;
  let broken = false;
  try {
    mkdirSync(options.dir, { recursive: true });
    size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  } catch (error) {
    broken = true;
    out.warn(`[log] cannot write the log file in ${options.dir}: ${String(error)}; console only`);
  }

  const rotate = () => {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      if (statSync(rotated(n), { throwIfNoEntry: false })) renameSync(rotated(n), rotated(n + 1));
    }
    renameSync(path, rotated(1));
    size = 0;
  };

  const write = (level: 'info' | 'warn' | 'error', line: string) => {
    if (broken) return;
    const text = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${line}\n`;
    const bytes = Buffer.byteLength(text);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(path, text);
      size += bytes;
    } catch (error) {
      // A full or read-only disk must not stop the app; say it once on the console.
      broken = true;
      out.warn(`[log] writing ${path} failed: ${String(error)}; console only from now on`);
    }
  };

  return {
    path,
    write,
    loggerFor: (scope) => ({
      info(message) {
        out.info(`[${scope}] ${message}`);
        write('info', `[${scope}] ${message}`);
      },
      warn(message) {
        out.warn(`[${scope}] ${message}`);
        write('warn', `[${scope}] ${message}`);
      },
      error(message) {
        out.error(`[${scope}] ${message}`);
        write('error', `[${scope}] ${message}`);
      },
    }),
  };
}
