// Native open/save/folder dialogs; whatever the user chooses is granted to the path policy (the only way paths get in).
import type { BrowserWindow, Dialog, FileFilter } from 'electron';
import type { FilePurpose, Req, Res } from '../contract';
import type { GrantedPathPolicy } from '../api/path-policy';

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
};

const TITLES: Record<FilePurpose, string> = {
  roi: 'Open the ROI / mesh file',
  efield: 'Open the E-field file',
  responses: 'Open the responses file',
  session: 'Session',
  outputFolder: 'Choose the output folder',
  figure: 'Save the figure',
  csv: 'Save the table',
};

export async function pickPath(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  win: BrowserWindow | null,
  policy: GrantedPathPolicy,
  req: Req<'pickPath'>,
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
  const folder = req.mode === 'folder';
  const opts = {
    ...base,
    // Per-condition E-fields are a folder of files: the E-field dialog accepts files and folders where the OS can.
    properties: folder ? (['openDirectory', 'createDirectory'] as const) : (['openFile'] as const),
    filters: folder ? [] : FILTERS[req.purpose],
  };
  const r = win
    ? await dialog.showOpenDialog(win, { ...opts, properties: [...opts.properties] })
    : await dialog.showOpenDialog({ ...opts, properties: [...opts.properties] });
  const path = r.canceled ? undefined : r.filePaths[0];
  if (!path) return { path: null };
  if (folder) policy.grantWrite(path, true);
  policy.grantRead(path);
  return { path };
}
