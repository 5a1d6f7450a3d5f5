// A stand-in for the `electron` module in the MAIN process, for tests only: just the APIs TMS Mapper uses, with
// Electron 45's documented and source behaviour (see README.md here). A test drives it over the Node IPC channel.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, format as formatUrl } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const UTILITY_BOOTSTRAP = join(HERE, 'utility-child.mjs');
const env = process.env;

// ---------------------------------------------------------------------------------------------------------------
// The test's control channel: events out, commands in (`{ cmd, id, … }` answered by `{ reply: id, … }`).

function report(event) {
  if (process.send && process.connected) process.send({ event: event.type, ...event });
}
const pendingAnswers = new Map();
let nextAsk = 1;
/** Asks the test (e.g. what the user answers in a dialog) and waits for its reply. */
function ask(type, payload) {
  const id = nextAsk++;
  return new Promise((res) => {
    pendingAnswers.set(id, res);
    report({ type, askId: id, ...payload });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// app

let ready = false;
/** The script's top-level code runs first; 'ready' comes later from the event loop, as in Electron. */
class App extends EventEmitter {
  isPackaged = env.TMS_STANDIN_PACKAGED === '1';
  commandLine = { appendSwitch() {} };
  #readyPromise = new Promise((res) => this.once('ready', res));
  sandboxEnabled = false;
  getAppPath() {
    // Electron: the folder of the package.json it started from (resources/app.asar when packaged).
    return env.TMS_STANDIN_APP_PATH ?? process.cwd();
  }
  getPath(name) {
    if (name === 'userData') return env.TMS_STANDIN_USER_DATA;
    if (name === 'temp') return env.TMPDIR ?? '/tmp';
    if (name === 'logs') return join(env.TMS_STANDIN_USER_DATA, 'logs');
    throw new Error(`stand-in: app.getPath('${name}') is not used by the app`);
  }
  getVersion() {
    return JSON.parse(readFileSync(join(this.getAppPath(), 'package.json'), 'utf8')).version;
  }
  getName() {
    return 'TMS Mapper';
  }
  isReady() {
    return ready;
  }
  whenReady() {
    return this.#readyPromise;
  }
  requestSingleInstanceLock() {
    return true;
  }
  enableSandbox() {
    if (ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }
  setAboutPanelOptions() {}
  quit() {
    this.emit('before-quit');
    this.emit('will-quit');
    setImmediate(() => process.exit(0));
  }
  exit(code = 0) {
    process.exit(code);
  }
}
export const app = new App();
if (app.isPackaged) process.resourcesPath = env.TMS_STANDIN_RESOURCES;

// ---------------------------------------------------------------------------------------------------------------
// protocol and net

const privileged = new Map();
const handlers = new Map();
let schemesRegistered = false;
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    // Electron throws after ready and allows one call only.
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    if (schemesRegistered) throw new Error('protocol.registerSchemesAsPrivileged can only be called once');
    schemesRegistered = true;
    for (const s of schemes) privileged.set(s.scheme, s.privileges ?? {});
  },
  handle(scheme, handler) {
    if (!ready) throw new Error('protocol.handle must be called after app is ready');
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme) {
    handlers.delete(scheme);
  },
  isProtocolHandled(scheme) {
    return handlers.has(scheme);
  },
};

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
export const net = {
  /** file:// the way Chromium's network service serves it; other schemes through Node's fetch. */
  async fetch(input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.startsWith('file:')) return fetch(input, init);
    let body;
    try {
      body = await readFile(fileURLToPath(url));
    } catch {
      throw new Error('net::ERR_FILE_NOT_FOUND');
    }
    const type = MIME[extname(fileURLToPath(url)).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { 'content-type': type } });
  },
};

/** What Chromium does for a request of a privileged scheme: URL parsing (standard schemes), then the handler. */
async function requestThroughProtocol(url) {
  const scheme = url.slice(0, url.indexOf(':'));
  const handler = handlers.get(scheme);
  if (!handler) return { status: -1, error: 'net::ERR_UNKNOWN_URL_SCHEME' };
  const res = await handler(new Request(url));
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    length: body.length,
    text: body.toString('utf8', 0, 4096),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// session

const onBeforeRequest = [];
export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(fn) {
        this.headersListener = fn;
      },
      onBeforeRequest(fn) {
        onBeforeRequest.push(fn);
      },
    },
    setPermissionRequestHandler(fn) {
      this.permissionRequestHandler = fn;
    },
    setPermissionCheckHandler(fn) {
      this.permissionCheckHandler = fn;
    },
    protocol,
  },
};

// ---------------------------------------------------------------------------------------------------------------
// BrowserWindow and webContents

let nextWebContentsId = 1;
const windows = [];

class WebContents extends EventEmitter {
  id = nextWebContentsId++;
  #url = '';
  #loading = false;
  #destroyed = false;
  windowOpenHandler = null;
  mainFrame = { url: '', frameTreeNodeId: 1, processId: 1, routingId: 1 };
  getURL() {
    return this.#url;
  }
  isLoading() {
    return this.#loading;
  }
  isDestroyed() {
    return this.#destroyed;
  }
  destroy() {
    this.#destroyed = true;
  }
  setWindowOpenHandler(fn) {
    this.windowOpenHandler = fn;
  }
  send(channel, ...args) {
    if (this.#destroyed) return;
    report({ type: 'send', channel, args });
  }
  /** Electron's loadFile: url.format of the resolved path; Chromium keeps ~ [ ] % as typed (the defect of issue 21). */
  loadFile(filePath, options = {}) {
    return this.loadURL(
      formatUrl({
        protocol: 'file',
        slashes: true,
        pathname: resolve(app.getAppPath(), filePath),
        ...options,
      }),
    );
  }
  /** Loads the page: through the registered protocol handler, the file system, or (dev server) nothing. */
  async loadURL(url) {
    this.#loading = true;
    this.#url = url;
    this.mainFrame.url = url;
    let status = 200;
    let error = null;
    const scheme = url.slice(0, url.indexOf(':'));
    if (handlers.has(scheme)) {
      const r = await requestThroughProtocol(url);
      status = r.status;
    } else if (scheme === 'file') {
      try {
        await readFile(fileURLToPath(url));
      } catch {
        status = 404;
      }
    }
    if (status !== 200) error = `load of ${url} answered ${status}`;
    this.#loading = false;
    report({ type: 'page', url, status, error });
    if (error) {
      this.emit('did-fail-load', {}, -6, error, url, true);
      throw new Error(`ERR_FAILED (-2) loading '${url}'`);
    }
    this.emit('dom-ready');
    this.emit('did-finish-load');
  }
}

export class BrowserWindow extends EventEmitter {
  static #nextId = 1;
  id = BrowserWindow.#nextId++;
  #destroyed = false;
  #minimized = false;
  constructor(options = {}) {
    super();
    if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    this.webContents = new WebContents();
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    report({ type: 'window', options: JSON.parse(JSON.stringify(options)) });
    this.webContents.on('did-finish-load', () => setImmediate(() => this.emit('ready-to-show')));
  }
  static getAllWindows() {
    return windows.filter((w) => !w.isDestroyed());
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  loadFile(p, o) {
    return this.webContents.loadFile(p, o);
  }
  isDestroyed() {
    return this.#destroyed;
  }
  isMinimized() {
    return this.#minimized;
  }
  restore() {
    this.#minimized = false;
  }
  focus() {}
  show() {
    report({ type: 'shown' });
  }
  close() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ipcMain: `handle` only (the app has no `on` channels); invoked by the test as the renderer would.

const ipcHandlers = new Map();
export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel, fn) {
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, fn);
  },
  removeHandler(channel) {
    ipcHandlers.delete(channel);
  },
});

/** Electron serialises invoke results with structured clone; a throwing handler rejects in the renderer. */
async function invoke(channel, payload, senderUrl) {
  const win = BrowserWindow.getAllWindows()[0];
  const fn = ipcHandlers.get(channel);
  if (!fn) return { error: `No handler registered for '${channel}'` };
  const frame = win
    ? { ...win.webContents.mainFrame, url: senderUrl ?? win.webContents.mainFrame.url }
    : null;
  const event = { sender: win?.webContents, senderFrame: frame, processId: 1, frameId: 1 };
  try {
    return { value: structuredClone(await fn(event, payload)) };
  } catch (e) {
    return {
      error: `Error invoking remote method '${channel}': ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// dialog, Menu, shell: every dialog is answered by the test (the "user").

function dialogArgs(a, b) {
  return a instanceof BrowserWindow ? [a, b] : [null, a];
}
export const dialog = {
  async showOpenDialog(a, b) {
    const [win, options] = dialogArgs(a, b);
    return ask('dialog', { kind: 'open', modal: !!win, options });
  },
  async showSaveDialog(a, b) {
    const [win, options] = dialogArgs(a, b);
    return ask('dialog', { kind: 'save', modal: !!win, options });
  },
  async showMessageBox(a, b) {
    const [win, options] = dialogArgs(a, b);
    return ask('dialog', { kind: 'message', modal: !!win, options });
  },
  showErrorBox(title, content) {
    report({ type: 'error-box', title, content });
  },
};

let applicationMenu = null;
export const Menu = {
  buildFromTemplate(template) {
    return { items: template };
  },
  setApplicationMenu(menu) {
    applicationMenu = menu;
  },
  getApplicationMenu() {
    return applicationMenu;
  },
};

function findMenuItem(items, label) {
  for (const it of items ?? []) {
    if (it.label === label) return it;
    const sub = findMenuItem(Array.isArray(it.submenu) ? it.submenu : it.submenu?.items, label);
    if (sub) return sub;
  }
  return null;
}

export const shell = {
  async openPath(p) {
    report({ type: 'shell', action: 'openPath', path: p });
    return '';
  },
  showItemInFolder(p) {
    report({ type: 'shell', action: 'showItemInFolder', path: p });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// utilityProcess: a child_process.fork of utility-child.mjs, with Electron's events, pid, kill and exit rules.

export class MessagePortMain extends EventEmitter {}

let failLaunches = 0;
const utilityChildren = new Set();

class UtilityProcess extends EventEmitter {
  #child;
  #pid = undefined;
  #killed = false;
  #exited = false;
  stdout = null;
  stderr = null;
  constructor(modulePath, args, options) {
    super();
    const stdio = ['ignore', 'inherit', 'inherit'];
    if (typeof options.stdio === 'string') {
      if (!['inherit', 'ignore', 'pipe'].includes(options.stdio))
        throw new Error('stdio must be of the following values: inherit, pipe, ignore');
      stdio[1] = stdio[2] = options.stdio;
    } else if (Array.isArray(options.stdio)) {
      if (options.stdio[0] !== 'ignore') throw new Error('stdin value other than ignore is not supported.');
      stdio[1] = options.stdio[1];
      stdio[2] = options.stdio[2];
    }
    if (stdio[1] === 'pipe') this.stdout = new PassThrough();
    if (stdio[2] === 'pipe') this.stderr = new PassThrough();
    // A launch failure the OS reports (here: no such executable), like a utility process that cannot start.
    const failing = failLaunches > 0;
    if (failing) failLaunches--;
    const child = fork(UTILITY_BOOTSTRAP, [modulePath, ...args], {
      // Electron starts utility processes with their own switches only: nothing of the parent's execArgv.
      execArgv: options.execArgv ?? [],
      execPath: failing ? join(HERE, 'no-such-utility-executable') : process.execPath,
      serialization: 'advanced',
      stdio: [...stdio, 'ipc'],
      cwd: options.cwd,
      env: options.env ?? process.env,
    });
    this.#child = child;
    utilityChildren.add(child);
    if (this.stdout) child.stdout.pipe(this.stdout);
    if (this.stderr) child.stderr.pipe(this.stderr);
    report({
      type: 'utility-fork',
      modulePath,
      execArgv: options.execArgv ?? [],
      serviceName: options.serviceName,
      stdio: options.stdio,
      failing,
    });
    child.on('spawn', () => {
      this.#pid = child.pid;
      report({ type: 'utility-spawn', pid: child.pid, modulePath });
      this.emit('spawn');
    });
    // Electron emits nothing for a failed launch ('error' is only a V8 fatal error in a running process).
    child.on('error', (err) => {
      if (this.#pid === undefined) report({ type: 'utility-launch-failed', message: err.message });
    });
    child.on('message', (m) => {
      if (!this.#exited) this.emit('message', m);
    });
    child.on('exit', (code, signal) => {
      utilityChildren.delete(child);
      if (this.#pid === undefined) return;
      this.#exited = true;
      // waitpid's view: a signal shows as its number; after kill() Electron reports SIGTERM/SIGKILL as 0.
      let exitCode = signal ? osConstants.signals[signal] : code;
      if (
        this.#killed &&
        (exitCode === osConstants.signals.SIGTERM || exitCode === osConstants.signals.SIGKILL)
      )
        exitCode = 0;
      const pid = this.#pid;
      // pid is undefined from 'exit' on (HandleTermination clears it before emitting).
      this.#pid = undefined;
      report({ type: 'utility-exit', pid, code: exitCode });
      this.emit('exit', exitCode);
    });
  }
  get pid() {
    return this.#pid;
  }
  postMessage(message, transfer) {
    if (Array.isArray(transfer) && transfer.some((t) => !(t instanceof MessagePortMain)))
      throw new TypeError('Invalid value for transfer');
    if (this.#exited || !this.#child.connected) return;
    this.#child.send(message);
  }
  /** Electron: false before 'spawn' and after 'exit'; SIGTERM now, SIGKILL 2 s later if still running. */
  kill() {
    if (this.#pid === undefined) return false;
    this.#killed = true;
    this.#child.kill('SIGTERM');
    const later = setTimeout(() => {
      if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    }, 2000);
    later.unref();
    return true;
  }
}

export const utilityProcess = {
  fork(modulePath, args, options) {
    if (!ready) throw new TypeError('utilityProcess cannot be created before app is ready.');
    if (!modulePath) throw new Error('Missing UtilityProcess entry script.');
    if (args != null && !Array.isArray(args)) {
      options = args;
      args = [];
    }
    options = { ...(options ?? {}) };
    if (options.execArgv != null && !Array.isArray(options.execArgv))
      throw new Error('execArgv must be an array of strings.');
    return new UtilityProcess(modulePath, args ?? [], options);
  },
};

// Renderer-side modules: the preload imports them; the main process never does.
export const contextBridge = {
  exposeInMainWorld() {
    throw new Error('stand-in: contextBridge is renderer-only');
  },
};
export const ipcRenderer = new EventEmitter();

// ---------------------------------------------------------------------------------------------------------------
// Commands from the test.

async function command(m) {
  switch (m.cmd) {
    case 'invoke':
      return invoke(m.channel, m.payload, m.senderUrl);
    case 'request':
      return requestThroughProtocol(m.url);
    case 'before-request': {
      // What the session's onBeforeRequest filter decides for a URL.
      const verdicts = await Promise.all(
        onBeforeRequest.map((fn) => new Promise((res) => fn({ url: m.url, resourceType: 'mainFrame' }, res))),
      );
      return { cancel: verdicts.some((v) => v.cancel) };
    }
    case 'navigate': {
      const win = BrowserWindow.getAllWindows()[0];
      let prevented = false;
      win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true), url: m.url }, m.url);
      return { prevented };
    }
    case 'menu': {
      const item = findMenuItem(applicationMenu?.items, m.label);
      if (!item?.click) return { error: `no menu item ${m.label}` };
      item.click(item, BrowserWindow.getAllWindows()[0], {});
      return {};
    }
    case 'fail-launches':
      failLaunches = m.n;
      return {};
    case 'state':
      return {
        sandbox: app.sandboxEnabled,
        privileged: Object.fromEntries(privileged),
        handled: [...handlers.keys()],
        ipcChannels: [...ipcHandlers.keys()],
        resourcesPath: process.resourcesPath ?? null,
        isPackaged: app.isPackaged,
        windowUrl: BrowserWindow.getAllWindows()[0]?.webContents.getURL() ?? null,
        utilityChildren: [...utilityChildren].map((c) => c.pid),
      };
    case 'close-window':
      BrowserWindow.getAllWindows()[0]?.close();
      return {};
    default:
      return { error: `unknown command ${m.cmd}` };
  }
}

process.on('message', (m) => {
  if (m && typeof m === 'object' && 'answer' in m) {
    const res = pendingAnswers.get(m.askId);
    pendingAnswers.delete(m.askId);
    res?.(m.answer);
    return;
  }
  if (m && typeof m === 'object' && 'cmd' in m)
    void command(m).then((r) => process.send?.({ reply: m.id, ...r }));
});
// The app dies with its test; utility processes die with the app (as Electron's do).
process.on('disconnect', () => process.exit(0));
process.on('exit', () => {
  for (const c of utilityChildren) c.kill('SIGKILL');
});

setTimeout(() => {
  ready = true;
  app.emit('will-finish-launching');
  app.emit('ready', {}, {});
  report({ type: 'ready' });
}, 20);
