// Electron main process: app lifecycle, the one window (served from app://), menu, the IPC gateway, the log file and the backend service.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiService } from '../api/service';
import { IPC_EVENT_CHANNEL } from '../contract';
import type { ApiEvents, EventName } from '../contract';
import { toErrorPayload } from '../contract';
import { appPaths, checkAppFiles } from '../paths';
import { registerGateway } from './ipc-gateway';
import { sessionFromArgv } from './session-args';
import { menuTemplate } from './menu';
import { confirmPaths, pickPath } from './dialogs';
import { ConfirmingPathPolicy } from './confirm-paths';
import { rendererOrigin } from './trusted-sender';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { AppLog } from './log-file';
import { createMainWindow, lockDownSession } from './window';
import { utilityWorkerSpawner } from './utility-worker-spawner';

const paths = appPaths(import.meta.dirname, app.isPackaged ? process.resourcesPath : undefined);
const origin = rendererOrigin(app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
// Before 'ready': Electron accepts privileged schemes only then.
registerAppScheme(protocol);
const log = new AppLog(join(app.getPath('userData'), 'logs'));
let win: BrowserWindow | null = null;
/** A session file the OS asked us to open before the window could receive it. */
let pendingSession: string | null = null;

/** Grants the OS-chosen file (the user picked it in their file manager) and hands it to the renderer. */
function openSessionFile(path: string): void {
  policy.grantRead(path);
  if (win && !win.isDestroyed() && !win.webContents.isLoading()) emit('session:openFile', { path });
  else pendingSession = path;
}

function emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
  if (event === 'job:failed') {
    const p = payload as ApiEvents['job:failed'];
    log.write(`job ${p.jobId} failed: ${p.code}: ${p.message}`);
    // The pool's error, exit and retry lines are in the log: say where it is.
    if (p.code !== 'JOB_CANCELLED')
      payload = { ...p, message: `${p.message} (details in ${log.path})` } as ApiEvents[E];
  }
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
}

function showAbout(): void {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
  void (async () => {
    const o = {
      type: 'info' as const,
      title: 'About TMS Mapper',
      message: `TMS Mapper ${app.getVersion()}`,
      detail: [
        `Electron ${v.electron ?? '?'}, Chromium ${v.chrome ?? '?'}, Node ${v.node}`,
        `Settings: ${app.getPath('userData')}`,
        `Log file: ${log.path}`,
      ].join('\n'),
      buttons: ['OK', 'Show log file'],
      defaultId: 0,
      cancelId: 0,
    };
    const r = win ? await dialog.showMessageBox(win, o) : await dialog.showMessageBox(o);
    if (r.response === 1) shell.showItemInFolder(log.path);
  })();
}

const policy = new ConfirmingPathPolicy();
const service = new ApiService({
  transport: 'electron',
  policy,
  configDir: app.getPath('userData'),
  appVersion: app.getVersion(),
  emit,
  pickPath: (req) => pickPath(dialog, win, policy, req),
  spawn: utilityWorkerSpawner(paths.workerEntry, { log: (line) => log.write(line) }),
  log: (line) => log.write(line),
});

function openWindow(): void {
  win = createMainWindow(paths.preload, origin);
  win.on('closed', () => {
    win = null;
  });
  win.webContents.on('did-finish-load', () => {
    if (pendingSession) emit('session:openFile', { path: pendingSession });
    pendingSession = null;
  });
  void win
    .loadURL(origin.devUrl ?? origin.indexUrl)
    .catch((e: unknown) => log.write(`window load failed: ${String(e)}`));
}

/** A half-built tree or a damaged install: say which file is missing instead of showing a blank window. */
function appFilesPresent(): boolean {
  try {
    // Electron's fs reads inside app.asar, so existsSync sees packaged files.
    checkAppFiles(paths, existsSync);
    return true;
  } catch (e) {
    const p = toErrorPayload(e);
    log.write(`start-up check failed: ${p.code}: ${p.message}`);
    dialog.showErrorBox('TMS Mapper cannot start', `${p.message}\n\nLog file: ${log.path}`);
    return false;
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  pendingSession = sessionFromArgv(process.argv);
  if (pendingSession) policy.grantRead(pendingSession);
  // macOS delivers double-clicked documents as events, possibly before 'ready'.
  app.on('open-file', (ev, path) => {
    ev.preventDefault();
    openSessionFile(path);
  });
  app.on('second-instance', (_ev, argv) => {
    const file = sessionFromArgv(argv);
    if (file) openSessionFile(file);
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.enableSandbox();
  void app.whenReady().then(() => {
    log.write(`TMS Mapper ${app.getVersion()} starting (${paths.packaged ? 'packaged' : 'development'})`);
    if (!appFilesPresent()) {
      app.quit();
      return;
    }
    lockDownSession(session.defaultSession, origin);
    handleAppProtocol(protocol, net, paths.rendererDir);
    // Recent files and the last output folder are not granted here: they are confirmed by the user when used.
    registerGateway(ipcMain, service, origin, {
      before: (verb, payload) => policy.confirm(verb, payload, (needs) => confirmPaths(dialog, win, needs)),
      after: (verb, value) => policy.noteResult(verb, value),
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          (command) => emit('menu:command', { command }),
          process.platform === 'darwin',
          showAbout,
        ),
      ),
    );
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
  app.on('web-contents-created', (_e, wc) => wc.setWindowOpenHandler(() => ({ action: 'deny' })));
  app.on('window-all-closed', () => {
    service.dispose();
    if (process.platform !== 'darwin') app.quit();
  });
}
