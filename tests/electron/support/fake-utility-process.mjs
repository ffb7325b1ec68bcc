// Electron's utilityProcess for tests that run without the Electron binary: a Node child process with
// `process.parentPort` as a utility process has it (utility-parent-port.mjs). Like the real one it emits `spawn`,
// `message` and `exit` (with the exit code), delivers messages only once spawned, and lives until it exits or is
// killed.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

const shim = new URL('./utility-parent-port.mjs', import.meta.url).href;

export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const child = fork(modulePath, args, {
      execArgv: ['--import', shim],
      stdio: ['ignore', 'ignore', options.stdio?.[2] === 'pipe' ? 'pipe' : 'ignore', 'ipc'],
    });
    const proc = new EventEmitter();
    let spawned = false;
    child.once('spawn', () => {
      spawned = true;
      proc.emit('spawn');
    });
    child.on('message', (message) => proc.emit('message', message));
    child.once('exit', (code, signal) => proc.emit('exit', code ?? (signal ? 1 : 0)));
    proc.stderr = child.stderr;
    proc.pid = undefined;
    proc.postMessage = (message) => {
      if (!spawned) throw new Error('fake utilityProcess: postMessage before spawn');
      child.send(message);
    };
    proc.kill = () => child.kill();
    return proc;
  },
};
