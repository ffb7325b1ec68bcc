import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { powerThresholdConfigSchema } from '../../src-shared/device';
import type { PowerTrace } from '../../src-shared/live/power-trace';
import { simulateSessions } from '../../src-shared/session-model/simulate-sessions';

// The golden vectors of docs/session-model.md: samples + settings → segments, sessions and summary. A bridge
// implementer runs the same files against their own code.
const dir = join(import.meta.dirname, '../../docs/session-model');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface Vector {
  description: string;
  config: unknown;
  now: number;
  trace: PowerTrace;
  expect: unknown;
}

describe('session model golden vectors (docs/session-model/*.json)', () => {
  it('has vectors to run', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s', (file) => {
    const vector = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Vector;
    expect(vector.description.length).toBeGreaterThan(0);
    const config = powerThresholdConfigSchema.parse(vector.config);
    expect(simulateSessions(vector.trace, config, vector.now)).toEqual(vector.expect);
  });
});
