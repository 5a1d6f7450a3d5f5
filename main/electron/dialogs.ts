// Native open/save/folder dialogs; whatever the user chooses is granted to the path policy (the only way paths get in without a question).
import type { BrowserWindow, Dialog, FileFilter, MessageBoxOptions, OpenDialogOptions } from 'electron';
import type { FilePurpose, Req, Res } from '../contract';
import type { GrantedPathPolicy } from '../api/path-policy';
import type { PathNeeds } from './confirm-paths';

const FILTERS: Record<FilePurpose, FileFilter[]> = {
  roi: [{ name: 'HDF5 mesh / ROI', extensions: ['hdf5', 'h5', 'hdf'] }],
  efield: [{ name: 'HDF5 E-fields', extensions: ['hdf5', 'h5', 'hdf'] }],
  responses: [
    { name: 'Responses (CSV, HDF5)', extensions: ['csv', 'tsv', 'txt', 'hdf5', 'h5'] },
    { name: 'All files', extensions: ['*'] },
  ],
  session: [{ name: 'TMS Mapper session', extensions: ['tmsmap', 'json'] }],
  outputFolder: [],
  figure: [
    { name: 'PNG image', extensions: ['png'] },
    { name: 'SVG drawing', extensions: ['svg'] },
  ],
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  scores: [{ name: 'Results (pyNIBS *_data.hdf5, r2_roi_data.hdf5)', extensions: ['hdf5', 'h5'] }],
};

const TITLES: Record<FilePurpose, string> = {
  roi: 'Open the ROI / mesh file',
  efield: 'Open the E-field file',
  responses: 'Open the responses file',
  session: 'Session',
  outputFolder: 'Choose the output folder',
  figure: 'Save the figure',
  csv: 'Save the table',
  scores: 'Open a reference results file (e.g. pyNIBS *_data.hdf5)',
};

type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

function messageBox(dialog: DialogApi, win: BrowserWindow | null, o: MessageBoxOptions) {
  return win ? dialog.showMessageBox(win, o) : dialog.showMessageBox(o);
}

/**
 * What an open dialog may pick. The E-field is a file or a folder of per-condition files: macOS shows one dialog
 * for both; Windows and Linux cannot (with both properties they show a folder picker only, Electron's docs), so
 * there the user says first which one they mean.
 */
async function openKind(
  dialog: DialogApi,
  win: BrowserWindow | null,
  req: Req<'pickPath'>,
  platform: NodeJS.Platform,
): Promise<'file' | 'folder' | 'both' | null> {
  if (req.mode === 'folder') return 'folder';
  if (req.purpose !== 'efield') return 'file';
  if (platform === 'darwin') return 'both';
  const r = await messageBox(dialog, win, {
    type: 'question',
    title: TITLES.efield,
    message: 'Open one E-field file, or a folder of per-condition files?',
    detail: 'A folder holds one <condition>.hdf5 per condition (the older per-condition layout).',
    buttons: ['File…', 'Folder…', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
  });
  return r.response === 0 ? 'file' : r.response === 1 ? 'folder' : null;
}

export async function pickPath(
  dialog: DialogApi,
  win: BrowserWindow | null,
  policy: GrantedPathPolicy,
  req: Req<'pickPath'>,
  platform: NodeJS.Platform = process.platform,
): Promise<Res<'pickPath'>> {
  const title = TITLES[req.purpose];
  const base = { title, ...(req.defaultPath ? { defaultPath: req.defaultPath } : {}) };
  if (req.mode === 'save') {
    const r = win
      ? await dialog.showSaveDialog(win, { ...base, filters: FILTERS[req.purpose] })
      : await dialog.showSaveDialog({ ...base, filters: FILTERS[req.purpose] });
    if (r.canceled || !r.filePath) return { path: null };
    policy.grantWrite(r.filePath);
    return { path: r.filePath };
  }
  const kind = await openKind(dialog, win, req, platform);
  if (!kind) return { path: null };
  const properties: OpenDialogOptions['properties'] =
    kind === 'folder'
      ? ['openDirectory', 'createDirectory']
      : kind === 'both'
        ? ['openFile', 'openDirectory']
        : ['openFile'];
  const opts: OpenDialogOptions = {
    ...base,
    properties,
    filters: kind === 'folder' ? [] : FILTERS[req.purpose],
  };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  const path = r.canceled ? undefined : r.filePaths[0];
  if (!path) return { path: null };
  // An output folder is written into; an E-field folder is only read.
  if (req.mode === 'folder') policy.grantWrite(path, true);
  policy.grantRead(path);
  return { path };
}

/** Asks before the app touches paths that no dialog of this run granted; true = the user allowed it. */
export async function confirmPaths(
  dialog: DialogApi,
  win: BrowserWindow | null,
  needs: PathNeeds,
): Promise<boolean> {
  const lines = [
    ...needs.read.map((f) => `read   ${f}`),
    ...needs.write.map((f) => `write  ${f}`),
    ...needs.writeFolders.map((d) => `write into  ${d}`),
  ];
  const r = await messageBox(dialog, win, {
    type: 'question',
    title: 'Allow access?',
    message: 'TMS Mapper was asked to use files you did not choose in a file dialog just now.',
    detail: `${lines.join('\n')}\n\nThey come from a saved session, your recent files or the last output folder. Allow only if you recognise them.`,
    buttons: ['Allow', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
  });
  return r.response === 0;
}
