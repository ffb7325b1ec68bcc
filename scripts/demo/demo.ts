/**
 * `npm run demo`: the whole product without hardware. Starts an MQTT broker (aedes) and the bridge stub on
 * loopback, the web host on a fresh data folder with its broker set, creates the demo devices (which pushes them to
 * the stub), and runs simulated Shelly meters (scripts/demo/simulated-meters.ts). Prints the URL to open; Ctrl+C
 * stops everything and removes the folder.
 *
 * Options: `--port <n>` for the web host (default: a free one), `--keep` to keep the data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridgeStub } from '../../tests/support/bridge-stub';
import { startEmbeddedBroker } from '../../tests/support/embedded-broker';
import { startWebHost } from '../../tests/support/web-host-process';
import { DEMO_METERS, runDemoMeters } from './simulated-meters';

const { values } = parseArgs({
  options: { port: { type: 'string' }, keep: { type: 'boolean' } },
  strict: true,
});
const port = Number(values.port ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('npm run demo: --port must be a whole number from 0 to 65535');
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'workshop-demo-'));
const broker = await startEmbeddedBroker();
const bridge = await startBridgeStub();
console.error(`demo: MQTT broker on ${broker.url}, bridge stub on ${bridge.url}, data in ${dataDir}`);
const host = await startWebHost({
  entry: 'npm-run-web',
  port,
  dataDir,
  bridgeUrl: bridge.url,
  args: ['--broker-url', broker.url],
  timings: null,
});
for (const meter of DEMO_METERS) await host.value('devices.create', meter.device);
const stopMeters = await runDemoMeters(broker.url);

console.log(host.openUrl);
console.error(
  [
    '',
    `Open ${host.openUrl}`,
    'Six demo devices are pushed to the bridge stub; five simulated meters publish on the broker:',
    '  Laser cutter (jobs and idle gaps), CNC router (switch:0), 3D printer (a long steady print: silences),',
    '  Pillar drill (status updates off: events only), Kettle (Gen1, a plain number), Lathe (never sends).',
    'Watch Power and Last seen in the list, and each row’s hint. Ctrl+C stops the demo.',
  ].join('\n'),
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.error(`demo: ${signal}, stopping`);
  await stopMeters();
  await host.stop();
  await bridge.close();
  await broker.close();
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
host.exited.then((code) => {
  if (!stopping) {
    console.error(`demo: the web host stopped (${code}):\n${host.stderr().slice(-2000)}`);
    void stop('host exit');
  }
});
