/**
 * A real MQTT broker (aedes) in this process on 127.0.0.1, for tests, the bench and `npm run demo`. It can be
 * stopped and started again on the same port (a broker outage), can demand a user name and password, and speaks
 * MQTT over TCP (default), TLS, WebSocket or WebSocket over TLS, the four kinds of Broker URL the app accepts.
 */
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';

export type BrokerTransport = 'mqtt' | 'mqtts' | 'ws' | 'wss';

export interface EmbeddedBroker {
  readonly port: number;
  readonly url: string;
  /** Stops accepting and drops every client (the app sees the broker go down). */
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
  /** Resolves when a client subscribed to `filter` (a test's way to wait for the app to be listening). */
  waitForSubscription(filter: string, timeoutMs?: number): Promise<void>;
  /** Filters subscribed to right now by clients whose id starts with `clientPrefix`. */
  subscriptions(clientPrefix?: string): string[];
  close(): Promise<void>;
}

export async function startEmbeddedBroker(
  options: {
    port?: number;
    login?: { username: string; password: string };
    /** `mqtts` and `wss` need `tls`, a key and certificate in PEM. */
    transport?: BrokerTransport;
    tls?: { key: string; cert: string };
  } = {},
): Promise<EmbeddedBroker> {
  const transport = options.transport ?? 'mqtt';
  let broker: Aedes;
  let server: Server;
  const sockets = new Set<Socket>();
  const current = new Map<string, Set<string>>();
  const waiters = new Set<() => void>();
  let port = options.port ?? 0;

  async function start() {
    broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => {
        if (!options.login) return done(null, true);
        const ok = username === options.login.username && password?.toString() === options.login.password;
        if (ok) return done(null, true);
        const error = new Error('bad user name or password') as AuthenticateError;
        error.returnCode = 4 as AuthenticateError['returnCode'];
        done(error, false);
      },
    });
    broker.on('subscribe', (subs, client) => {
      if (!client) return;
      const set = current.get(client.id) ?? new Set();
      for (const s of subs) set.add(s.topic);
      current.set(client.id, set);
      for (const w of [...waiters]) w();
    });
    broker.on('unsubscribe', (topics, client) => {
      if (!client) return;
      for (const t of topics) current.get(client.id)?.delete(t);
      for (const w of [...waiters]) w();
    });
    broker.on('clientDisconnect', (client) => {
      current.delete(client.id);
    });
    server = listenFor(transport, options.tls, (stream) => broker.handle(stream));
    // Every kind of server reports its raw TCP sockets, so stop() can drop them all.
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  }

  async function stop() {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    current.clear();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  await start();
  let running = true;
  return {
    get port() {
      return port;
    },
    get url() {
      return `${transport}://127.0.0.1:${port}`;
    },
    async stop() {
      if (!running) return;
      running = false;
      await stop();
    },
    async start() {
      if (running) return;
      await start();
      running = true;
    },
    subscriptions(clientPrefix = '') {
      const out = new Set<string>();
      for (const [id, set] of current) if (id.startsWith(clientPrefix)) for (const t of set) out.add(t);
      return [...out].sort();
    },
    waitForSubscription(filter, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if ([...current.values()].some((set) => set.has(filter))) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`nobody subscribed to ${filter} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (running) await stop();
      running = false;
    },
  };
}

type Connection = Parameters<Aedes['handle']>[0];

function listenFor(
  transport: BrokerTransport,
  tls: { key: string; cert: string } | undefined,
  handle: (stream: Connection) => void,
): Server {
  if ((transport === 'mqtts' || transport === 'wss') && !tls)
    throw new Error(`${transport} needs a key and certificate`);
  if (transport === 'mqtt') return createServer((socket) => handle(socket));
  if (transport === 'mqtts') return createTlsServer({ ...tls }, (socket) => handle(socket));
  const web = transport === 'ws' ? createHttpServer() : createHttpsServer({ ...tls });
  const sockets = new WebSocketServer({ server: web });
  sockets.on('connection', (ws) => handle(createWebSocketStream(ws)));
  return web;
}
