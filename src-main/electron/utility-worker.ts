import { utilityProcess } from 'electron';
import type { StartWorker } from '../core/db/off-thread-transaction';

/** How long a utility process may take to start before it counts as failed (the write then runs in the app). */
const SPAWN_TIMEOUT_MS = 10_000;

/**
 * The desktop app's worker processes for large device writes (src-main/core/db/off-thread-transaction.ts): Electron's
 * utility process, a Node environment of its own. Node's `fork` would start the app itself again, since the
 * `runAsNode` fuse is off (electron-builder.yml). Steps sent before the process is up wait for it; the process is
 * ended once its answer is here; one that does not start in time ends as failed, so a write never hangs on it.
 */
export const startUtilityWorker: StartWorker = (file, args) => {
  const child = utilityProcess.fork(file, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    serviceName: 'Workshop Manager device writer',
  });
  const waiting: unknown[] = [];
  const endListeners: Array<(how: string) => void> = [];
  let spawned = false;
  let ended = false;
  const end = (how: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(notStarted);
    for (const listener of endListeners) listener(how);
  };
  const notStarted = setTimeout(() => {
    if (spawned) return;
    child.kill();
    end(`it did not start within ${SPAWN_TIMEOUT_MS / 1000} s`);
  }, SPAWN_TIMEOUT_MS);
  child.once('spawn', () => {
    spawned = true;
    for (const message of waiting.splice(0)) child.postMessage(message);
  });
  child.once('exit', (code) => end(`exit code ${code}`));
  return {
    send: (step) => {
      if (spawned) child.postMessage(step);
      else waiting.push(step);
    },
    onMessage: (listener) =>
      child.on('message', (answer) => {
        listener(answer);
        child.kill();
      }),
    onEnd: (listener) => endListeners.push(listener),
    stderr: child.stderr,
  };
};
