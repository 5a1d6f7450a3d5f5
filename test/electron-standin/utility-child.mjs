// Inside a stand-in utility process: `process.parentPort` as Electron 45 gives it (lib/utility/init.ts,
// parent-port.ts), then the entry script is imported. For tests only (see README.md here).
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
// Electron: argv[1] is the entry script, followed by the fork() arguments.
process.argv.splice(1, process.argv.length - 1, entry, ...args);

const send = process.send.bind(process);
// A utility process has no process.send: only the parent port talks to the main process.
delete process.send;

class ParentPort extends EventEmitter {
  #started = false;
  #queue = [];
  /** Messages are delivered as `{ data, ports }`; until started (the first 'message' listener) they queue. */
  deliver(data) {
    const event = { data, ports: [] };
    if (this.#started) this.emit('message', event);
    else this.#queue.push(event);
  }
  start() {
    this.#started = true;
    for (const e of this.#queue.splice(0)) this.emit('message', e);
  }
  pause() {
    this.#started = false;
  }
  /** One argument: Electron's parent port has no transfer list. */
  postMessage(message) {
    if (process.connected) send(message);
  }
}

const parentPort = new ParentPort();
parentPort.on('newListener', (name) => {
  if (name === 'message' && parentPort.listenerCount('message') === 0) setImmediate(() => parentPort.start());
});
parentPort.on('removeListener', (name) => {
  if (name === 'message' && parentPort.listenerCount('message') === 0) parentPort.pause();
});
Object.defineProperty(process, 'parentPort', { enumerable: true, writable: false, value: parentPort });
process.on('message', (m) => parentPort.deliver(m));
// A utility process dies with the app.
process.on('disconnect', () => process.exit(0));

await import(pathToFileURL(entry).href);
