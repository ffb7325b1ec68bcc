import { utilityProcess } from 'electron';
import type { StartWorker } from '../core/db/off-thread-transaction';

/**
 * The desktop app's worker processes for large device writes (src-main/core/db/off-thread-transaction.ts): Electron's
 * utility process, a Node environment of its own. Node's `fork` would start the app itself again, since the
 * `runAsNode` fuse is off (electron-builder.yml). Steps sent before the process is up wait for it; the process is
 * ended once its answer is here.
 */
export const startUtilityWorker: StartWorker = (file, args) => {
  const child = utilityProcess.fork(file, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    serviceName: 'Workshop Manager device writer',
  });
  const waiting: unknown[] = [];
  let spawned = false;
  child.once('spawn', () => {
    spawned = true;
    for (const message of waiting.splice(0)) child.postMessage(message);
  });
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
    onEnd: (listener) => child.once('exit', (code) => listener(`exit code ${code}`)),
    stderr: child.stderr,
  };
};
