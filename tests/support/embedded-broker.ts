/**
 * A real MQTT broker (aedes) in this process on 127.0.0.1, for tests, the bench and `npm run demo`. It can be
 * stopped and started again on the same port (a broker outage), and can demand a user name and password.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';

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
  options: { port?: number; login?: { username: string; password: string } } = {},
): Promise<EmbeddedBroker> {
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
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      broker.handle(socket);
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
      return `mqtt://127.0.0.1:${port}`;
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
