/**
 * Issue 9 §1: a bridge that restarts empty is pushed again, without a click. Against the real core and SQLite,
 * with the bridge stub behaving like a FastAPI bridge that keeps its config in memory (GET /config 404 while
 * empty), and like a bridge without GET /config (405, watched through GET /health).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { deviceInput, type Harness, startCore } from '../support/core-harness';

let bridge: BridgeStub;
let h: Harness;

afterEach(async () => {
  await h?.close();
  await bridge?.close();
});

const runs = (b: BridgeStub) => (b.lastAccepted as { config_hash?: string } | null)?.config_hash ?? null;

async function inSync(): Promise<string> {
  const status = await h.waitForStatus(
    (s) => s.state === 'in_sync' && s.acknowledgedRevision === s.desiredRevision,
  );
  return status.desiredHash;
}

describe('a bridge that keeps its config in memory (FastAPI-like)', () => {
  it('gets the config again after it restarted empty, without a click', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    const hash = await inSync();
    expect(runs(bridge)).toBe(hash);
    // The watch has seen the bridge answer with a hash (its first GET /config, before any config, was a 404).
    await bridge.waitForRequests(3, { route: 'GET /config' });
    const posts = bridge.requestsTo('POST /config').length;

    await bridge.restart();
    expect(runs(bridge)).toBeNull();
    await bridge.waitForRequests(posts + 1, { route: 'POST /config' });
    expect(runs(bridge)).toBe(hash);
    await inSync();
  });

  it('remembers across an app restart that the URL answered a hash, so a 404 then means "lost", not "no endpoint"', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    const hash = await inSync();
    // The third check starts only after the second (which got the hash) was answered and remembered.
    await bridge.waitForRequests(3, { route: 'GET /config' });
    await h.core.close({ timeoutMs: 100 });
    // While the app is closed, the bridge's container restarts: it runs nothing now.
    await bridge.restart();
    bridge.clearRequests();
    await h.reopen();
    await bridge.waitForRequests(1, { route: 'POST /config' });
    expect(bridge.requests[0]!.route).toBe('GET /config');
    expect(runs(bridge)).toBe(hash);
  });

  it('treats a 404 from a URL that never answered a hash as "no GET /config": nothing is pushed again', async () => {
    bridge = await startBridgeStub();
    bridge.serveConfig('missing');
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    await inSync();
    await bridge.waitForRequests(3, { route: 'GET /health' });
    expect(bridge.requestsTo('POST /config')).toHaveLength(1);
  });

  it('shows a 422 in FastAPI words as Rejected by bridge, naming the field', async () => {
    bridge = await startBridgeStub({ fastapi: true });
    h = await startCore({ bridgeUrl: bridge.url });
    bridge.script({
      status: 422,
      body: {
        detail: [{ type: 'greater_than', loc: ['body', 'devices', 0, 'session_config'], msg: 'too low' }],
      },
    });
    await h.call('devices.create', deviceInput());
    const status = await h.waitForState('rejected');
    expect(status.lastOutcome).toMatchObject({ ok: false, status: 422 });
    expect(!status.lastOutcome?.ok && status.lastOutcome?.message).toBe(
      'body.devices.0.session_config: too low',
    );
  });
});

describe('a bridge without GET /config (watched through GET /health)', () => {
  it('pushes once when it answers again after being unreachable, although it had acknowledged', async () => {
    bridge = await startBridgeStub();
    bridge.route('GET /config').setDefault({ status: 405, body: { detail: 'Method Not Allowed' } });
    h = await startCore({ bridgeUrl: bridge.url });
    await h.call('devices.create', deviceInput());
    await inSync();
    await bridge.waitForRequests(2, { route: 'GET /health' });
    const posts = bridge.requestsTo('POST /config').length;
    bridge.clearRequests();

    await bridge.down();
    // The watch notices: the next checks find nobody (refused), so a reply later may be a restarted bridge.
    await new Promise((resolve) => setTimeout(resolve, 350));
    await bridge.up();
    await bridge.waitForRequests(1, { route: 'POST /config' });
    await inSync();
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Once: the bridge answering on, every check period, is no news.
    expect(bridge.requestsTo('POST /config')).toHaveLength(1);
    expect(posts).toBe(1);
  });
});
