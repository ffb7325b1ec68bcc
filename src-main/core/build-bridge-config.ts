import { createHash, hash } from 'node:crypto';
import {
  BRIDGE_CONFIG_VERSION,
  type BridgeConfig,
  type BridgeDevice,
  byBridgeDeviceId,
  type Device,
  toBridgeDevice,
  toBridgeDevices,
} from '../../src-shared';
import { forEachInSlices, nextTurn, SLICE_SIZE, sortInSlices, type Turn } from './in-slices';

/**
 * The hash of what the bridge would run: SHA-256 over the canonical JSON of `devices` alone (keys in the fixed
 * order toBridgeDevice writes, devices by device_id), so timestamp and revision never change it.
 */
export function hashBridgeDevices(bridgeDevices: readonly BridgeDevice[]): string {
  // crypto.hash is the one-shot form: no Hash object to set up, which is most of the cost for a small config.
  return `sha256:${hash('sha256', JSON.stringify(bridgeDevices), 'hex')}`;
}

/** The devices the bridge should run and their hash. */
export interface DesiredConfig {
  devices: BridgeDevice[];
  hash: string;
}

/** The desired config's devices and hash, from all devices (inactive ones are left out). */
export function desiredDevices(devices: readonly Device[]): DesiredConfig {
  const bridgeDevices = toBridgeDevices(devices);
  return { devices: bridgeDevices, hash: hashBridgeDevices(bridgeDevices) };
}

/**
 * The same as desiredDevices, built in slices with a turn of the event loop between them, so that rebuilding the
 * config of 100,000 devices after a commit does not stall other calls (issue 9 §6). The hash is taken over the
 * same JSON text, written a slice at a time.
 */
export async function desiredDevicesInSlices(
  devices: readonly Device[],
  turn: Turn = nextTurn,
): Promise<DesiredConfig> {
  const unsorted: BridgeDevice[] = [];
  await forEachInSlices(devices, (d) => d.active && unsorted.push(toBridgeDevice(d)), turn);
  const bridgeDevices = await sortInSlices(unsorted, byBridgeDeviceId, turn);
  const sha = createHash('sha256').update('[');
  for (let i = 0; i < bridgeDevices.length; i += SLICE_SIZE) {
    // A slice's array without its brackets; the slices joined by commas make the text JSON.stringify writes.
    if (i > 0) sha.update(',');
    sha.update(JSON.stringify(bridgeDevices.slice(i, i + SLICE_SIZE)).slice(1, -1));
    await turn();
  }
  return { devices: bridgeDevices, hash: `sha256:${sha.update(']').digest('hex')}` };
}

/**
 * The payload of `POST {bridgeUrl}/config` (docs/bridge-config.md). Pure: same input, same output. Takes the
 * devices, or their already built desired config so a push does not build it a second time.
 */
export function buildBridgeConfig(
  source: readonly Device[] | DesiredConfig,
  meta: { revision: number; timestamp: string },
): BridgeConfig {
  const desired = isDesired(source) ? source : desiredDevices(source);
  return {
    version: BRIDGE_CONFIG_VERSION,
    timestamp: meta.timestamp,
    revision: meta.revision,
    config_hash: desired.hash,
    devices: desired.devices,
  };
}

function isDesired(source: readonly Device[] | DesiredConfig): source is DesiredConfig {
  return !Array.isArray(source);
}
