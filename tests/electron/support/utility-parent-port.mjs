// Loaded (--import) into a child process started by the fake utilityProcess (fake-utility-process.mjs): gives it
// `process.parentPort` as Electron's utility process has it (messages arrive as `{ data }`, answers go back with
// `postMessage`), carried over Node's IPC channel.
process.parentPort = {
  on(event, listener) {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
  postMessage(message) {
    process.send(message);
  },
};
