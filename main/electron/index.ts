// Electron main process: app lifecycle, the one window, menu, the IPC gateway and the backend service.
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { join } from 'node:path';
import { ApiService } from '../api/service';
import { GrantedPathPolicy } from '../api/path-policy';
import { IPC_EVENT_CHANNEL } from '../contract';
import type { ApiEvents, EventName } from '../contract';
import { appPaths } from '../paths';
import { registerGateway } from './ipc-gateway';
import { sessionFromArgv } from './session-args';
import { menuTemplate } from './menu';
import { pickPath } from './dialogs';
import { rendererOrigin } from './trusted-sender';
import { createMainWindow, lockDownSession } from './window';
import { utilityWorkerSpawner } from './utility-worker-spawner';

const paths = appPaths(import.meta.dirname, app.isPackaged ? process.resourcesPath : undefined);
const indexHtml = join(paths.rendererDir, 'index.html');
const origin = rendererOrigin(indexHtml, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
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
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
}

const policy = new GrantedPathPolicy();
const service = new ApiService({
  transport: 'electron',
  policy,
  configDir: app.getPath('userData'),
  appVersion: app.getVersion(),
  emit,
  pickPath: (req) => pickPath(dialog, win, policy, req),
  spawn: utilityWorkerSpawner(paths.workerEntry),
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
  if (origin.devUrl) void win.loadURL(origin.devUrl);
  else void win.loadFile(indexHtml);
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
  void app.whenReady().then(async () => {
    lockDownSession(session.defaultSession, origin);
    // Files the user opened before (recent list, last inputs) may be reopened without a new dialog.
    const s = await service.settings.load();
    for (const f of s.recentFiles) policy.grantRead(f);
    if (s.lastOutputDir) policy.grantWrite(s.lastOutputDir, true);
    registerGateway(ipcMain, service, origin);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate((command) => emit('menu:command', { command }), process.platform === 'darwin'),
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
