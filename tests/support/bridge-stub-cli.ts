/**
 * The bridge stub as a process, to point a running app at by hand:
 *   node tests/support/bridge-stub-cli.ts --port 8099 [--prefix /b] [--config accepted] [--script 503,503,hang]
 * Node 22.18+ runs this file as is (type stripping). It prints one line per request it gets.
 * --script queues answers for POST /config: HTTP statuses, or hang / reset / drop.
 */
import { parseArgs } from 'node:util';
import type { StubReply } from './bridge-stub';

// A URL import, because Node resolves no extension-less paths and tsc refuses a `.ts` one in a static import.
const { startBridgeStub }: typeof import('./bridge-stub') = await import(
  new URL('./bridge-stub.ts', import.meta.url).href
);

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8099' },
    prefix: { type: 'string', default: '' },
    config: { type: 'string', default: 'accepted' },
    script: { type: 'string', default: '' },
  },
});

const toReply = (word: string): StubReply => {
  if (word === 'hang' || word === 'reset' || word === 'drop') return word;
  const status = Number(word);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`--script: "${word}" is neither an HTTP status nor hang/reset/drop`);
  }
  return { status, body: status < 300 ? { status: 'ok' } : { detail: `scripted ${status}` } };
};

const bridge = await startBridgeStub({ port: Number(values.port), prefix: values.prefix });
if (values.config === 'accepted' || values.config === 'missing') bridge.serveConfig(values.config);
else bridge.serveConfig({ hash: values.config });
const script = values.script ? values.script.split(',').map((w) => toReply(w.trim())) : [];
bridge.script(...script);

bridge.onRequest((r) => {
  const body = r.body as { revision?: unknown; config_hash?: unknown; devices?: unknown[] } | undefined;
  const summary =
    r.route === 'POST /config' && body && typeof body === 'object'
      ? ` revision=${String(body.revision)} hash=${String(body.config_hash).slice(0, 12)}` +
        ` devices=${body.devices?.length ?? '?'} key=${r.headers['idempotency-key'] ?? '-'}`
      : '';
  console.log(`${new Date(r.receivedAt).toISOString()} ${r.route} ${r.rawPath}${summary}`);
});

console.log(`bridge stub listening on ${bridge.url} (GET /config: ${values.config}; Ctrl-C stops)`);
const stop = async () => {
  await bridge.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
