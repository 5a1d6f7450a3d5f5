// The application menu: File (open demo, open/save session, quit) and Help (about); items become `menu:command` events.
import type { MenuItemConstructorOptions } from 'electron';
import type { ApiEvents } from '../contract';

type Command = ApiEvents['menu:command']['command'];

/** `about`: Help → About is shown by the main process (it knows the log file); the renderer's About stays too. */
export function menuTemplate(
  send: (command: Command) => void,
  isMac: boolean,
  about: () => void = () => send('about'),
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Demo Dataset', accelerator: 'CmdOrCtrl+D', click: () => send('openDemo') },
      { type: 'separator' },
      { label: 'Open Session…', accelerator: 'CmdOrCtrl+O', click: () => send('openSession') },
      { label: 'Save Session…', accelerator: 'CmdOrCtrl+S', click: () => send('saveSession') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About TMS Mapper', click: () => about() }],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, help];
}
