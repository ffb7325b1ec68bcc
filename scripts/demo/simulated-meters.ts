/**
 * Meters for `npm run demo`, behaving like real Shelly meters on a workshop's machines (time compressed so a
 * newcomer sees a whole job in a few minutes): a meter reports only when the power changed by more than a few
 * percent, so a machine on a steady load goes silent — for hours on a long 3D print.
 */
import { startFakeGen1, startFakeShelly } from '../../tests/support/fake-shelly';

/** Watts at `t` seconds since the demo started; `noise` is a number in [-1, 1). */
type Profile = (t: number, noise: number) => number;

export interface DemoMeter {
  /** The device as the demo creates it. */
  device: {
    name: string;
    deviceId: string;
    topicPattern: string;
    parserType: 'shelly_pm' | 'generic';
    notes: string;
  };
  /** null: the meter never sends (a meter that is unplugged, or a topic nobody publishes on). */
  start:
    | ((brokerUrl: string) => Promise<{ power(watts: number): Promise<unknown>; close(): Promise<unknown> }>)
    | null;
  profile: Profile;
}

const phase = (t: number, cycle: number) => t % cycle;

const laser: Profile = (t, n) => {
  const p = phase(t, 150);
  if (p < 40) return 4 + n * 0.3;
  if (p < 45 || p >= 110) return 62 + n * 4; // chiller and exhaust on between jobs
  return 1120 + n * 230; // cutting: the tube's power follows the job
};

const cnc: Profile = (t, n) => {
  const p = phase(t, 200);
  if (p < 30 || p >= 140) return 8 + n * 0.4;
  return p % 20 < 4 ? 620 + n * 60 : 1750 + n * 280; // spindle under load, lighter while repositioning
};

const printer: Profile = (t, n) => {
  const p = phase(t, 1800);
  if (p < 60) return 245 + n * 20; // bed and nozzle heating
  return 112 + n * 0.4; // a long steady print: the meter stays silent
};

const drill: Profile = (t, n) => (phase(t, 60) < 25 ? 430 + n * 40 : 0);

const kettle: Profile = (t, n) => (phase(t, 240) < 90 ? 1985 + n * 15 : 0);

export const DEMO_METERS: DemoMeter[] = [
  {
    device: {
      name: 'Laser cutter',
      deviceId: 'laser-01',
      topicPattern: 'shellypmminig3-laser/#',
      parserType: 'shelly_pm',
      notes: 'Demo: jobs with idle gaps and a chiller in between.',
    },
    start: (url) => startFakeShelly(url, { prefix: 'shellypmminig3-laser' }),
    profile: laser,
  },
  {
    device: {
      name: 'CNC router',
      deviceId: 'cnc-01',
      topicPattern: 'shellyplus1pm-cnc/status/switch:0',
      parserType: 'shelly_pm',
      notes: 'Demo: a Plus 1PM (switch:0).',
    },
    start: (url) => startFakeShelly(url, { prefix: 'shellyplus1pm-cnc', component: 'switch:0' }),
    profile: cnc,
  },
  {
    device: {
      name: '3D printer',
      deviceId: 'printer-01',
      topicPattern: 'shellypmminig3-printer/#',
      parserType: 'shelly_pm',
      notes: 'Demo: a long steady print, so the meter stays silent longer than the message timeout.',
    },
    start: (url) => startFakeShelly(url, { prefix: 'shellypmminig3-printer' }),
    profile: printer,
  },
  {
    device: {
      name: 'Pillar drill',
      deviceId: 'drill-01',
      topicPattern: 'shellypmminig3-drill/#',
      parserType: 'shelly_pm',
      notes: 'Demo: "Generic status update over MQTT" is off, so only events arrive.',
    },
    start: (url) => startFakeShelly(url, { prefix: 'shellypmminig3-drill', statusUpdates: false }),
    profile: drill,
  },
  {
    device: {
      name: 'Kettle',
      deviceId: 'kettle-01',
      topicPattern: 'shellies/shellyplug-s-kettle/relay/0/power',
      parserType: 'generic',
      notes: 'Demo: a Gen1 Plug S (a plain number of watts).',
    },
    start: (url) => startFakeGen1(url, 'shellyplug-s-kettle'),
    profile: kettle,
  },
  {
    device: {
      name: 'Lathe',
      deviceId: 'lathe-01',
      topicPattern: 'shellypmminig3-lathe/#',
      parserType: 'shelly_pm',
      notes: 'Demo: a meter that never sends (unplugged, or a wrong prefix).',
    },
    start: null,
    profile: () => 0,
  },
];

/** Whether a Shelly would report this reading: a change of more than 5 % (and at least 1 W) since the last. */
export function worthReporting(last: number | null, watts: number): boolean {
  if (last === null) return true;
  return Math.abs(watts - last) > Math.max(1, Math.abs(last) * 0.05);
}

/** Starts every meter that sends; each checks its machine once a second. Returns the stop. */
export async function runDemoMeters(brokerUrl: string, random = Math.random): Promise<() => Promise<void>> {
  const started = Date.now();
  const running: Array<{ close(): Promise<unknown> }> = [];
  const timers: NodeJS.Timeout[] = [];
  for (const meter of DEMO_METERS) {
    if (!meter.start) continue;
    const client = await meter.start(brokerUrl);
    running.push(client);
    let last: number | null = null;
    const tick = () => {
      const t = (Date.now() - started) / 1000;
      const watts = Math.max(0, Math.round(meter.profile(t, random() * 2 - 1) * 10) / 10);
      if (!worthReporting(last, watts)) return;
      last = watts;
      client.power(watts).catch(() => {});
    };
    tick();
    timers.push(setInterval(tick, 1000));
  }
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(running.map((c) => c.close().catch(() => {})));
  };
}
