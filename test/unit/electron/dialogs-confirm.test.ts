// Native dialogs and path confirmation with a scripted `dialog`: E-field file or folder per platform, grants,
// and the user's confirmation of paths no dialog granted (issue 21 defect 3, issue 15).
import { describe, expect, it } from 'vitest';
import { confirmPaths, pickPath } from '../../../main/electron/dialogs';
import { ConfirmingPathPolicy, pathsOf } from '../../../main/electron/confirm-paths';

type Answer = { response?: number; canceled?: boolean; filePaths?: string[]; filePath?: string };

function scripted(answers: Answer[]) {
  const calls: { kind: string; options: Record<string, unknown> }[] = [];
  const next = (kind: string, a: unknown, b?: unknown) => {
    calls.push({ kind, options: (b ?? a) as Record<string, unknown> });
    return Promise.resolve(answers.shift() ?? { canceled: true, filePaths: [], response: 2 });
  };
  const dialog = {
    showOpenDialog: (a: unknown, b?: unknown) => next('open', a, b),
    showSaveDialog: (a: unknown, b?: unknown) => next('save', a, b),
    showMessageBox: (a: unknown, b?: unknown) => next('message', a, b),
  } as never;
  return { dialog, calls };
}

describe('pickPath', () => {
  it('E-field on Linux/Windows: asks file or folder, then a folder picker; the folder is readable, not writable', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { dialog, calls } = scripted([{ response: 1 }, { canceled: false, filePaths: ['/data/conds'] }]);
      const policy = new ConfirmingPathPolicy();
      const r = await pickPath(dialog, null, policy, { purpose: 'efield', mode: 'open' }, platform);
      expect(r.path).toBe('/data/conds');
      expect(calls.map((c) => c.kind)).toEqual(['message', 'open']);
      expect(calls[1].options.properties).toEqual(['openDirectory', 'createDirectory']);
      expect(policy.allowRead('/data/conds')).toBe('/data/conds');
      expect(() => policy.allowWrite('/data/conds/x')).toThrow(/PERMISSION_DENIED/);
    }
  });

  it('E-field on Linux: "File…" gives a file picker with the HDF5 filter; Cancel opens nothing', async () => {
    const a = scripted([{ response: 0 }, { canceled: false, filePaths: ['/data/e.hdf5'] }]);
    expect(
      (
        await pickPath(
          a.dialog,
          null,
          new ConfirmingPathPolicy(),
          { purpose: 'efield', mode: 'open' },
          'linux',
        )
      ).path,
    ).toBe('/data/e.hdf5');
    expect(a.calls[1].options.properties).toEqual(['openFile']);
    const b = scripted([{ response: 2 }]);
    expect(
      (
        await pickPath(
          b.dialog,
          null,
          new ConfirmingPathPolicy(),
          { purpose: 'efield', mode: 'open' },
          'linux',
        )
      ).path,
    ).toBeNull();
    expect(b.calls.map((c) => c.kind)).toEqual(['message']);
  });

  it('E-field on macOS: one dialog for files and folders; other purposes stay file-only', async () => {
    const a = scripted([{ canceled: false, filePaths: ['/d'] }]);
    await pickPath(a.dialog, null, new ConfirmingPathPolicy(), { purpose: 'efield', mode: 'open' }, 'darwin');
    expect(a.calls[0].options.properties).toEqual(['openFile', 'openDirectory']);
    const b = scripted([{ canceled: false, filePaths: ['/r.csv'] }]);
    await pickPath(
      b.dialog,
      null,
      new ConfirmingPathPolicy(),
      { purpose: 'responses', mode: 'open' },
      'linux',
    );
    expect(b.calls.map((c) => c.kind)).toEqual(['open']);
    expect(b.calls[0].options.properties).toEqual(['openFile']);
  });
});

describe('path confirmation', () => {
  it('knows which payload fields are read and written, per verb', () => {
    expect(
      pathsOf('openDataset', { inputs: { roiFile: '/a', efieldFile: '/b', responsesFile: '/c' } }).read,
    ).toEqual(['/a', '/b', '/c']);
    expect(pathsOf('exportResults', { outDir: '/o' }).writeFolders).toEqual(['/o']);
    expect(pathsOf('saveSession', { path: '/s.tmsmap' }).write).toEqual(['/s.tmsmap']);
    expect(pathsOf('compareWithReference', { files: ['/r1_data.hdf5', 7, '/r2_data.hdf5'] }).read).toEqual([
      '/r1_data.hdf5',
      '/r2_data.hdf5',
    ]);
    expect(pathsOf('getMap', { resultId: 'x' })).toEqual({ read: [], write: [], writeFolders: [] });
    expect(pathsOf('listRois', { file: 42 }).read).toEqual([]);
  });

  it('a session cannot widen the grants: grant() trusts nothing; asking grants only what the user allowed', async () => {
    const policy = new ConfirmingPathPolicy();
    policy.grant();
    expect(() => policy.allowRead('/etc/passwd')).toThrow(/PERMISSION_DENIED/);
    const asked: string[][] = [];
    const no = await policy.confirm('listRois', { file: '/etc/passwd' }, (n) => {
      asked.push(n.read);
      return Promise.resolve(false);
    });
    expect(no?.code).toBe('PERMISSION_DENIED');
    expect(() => policy.allowRead('/etc/passwd')).toThrow();
    expect(await policy.confirm('exportResults', { outDir: '/res' }, () => Promise.resolve(true))).toBeNull();
    expect(policy.allowWrite('/res/summary.json')).toBe('/res/summary.json');
    // Already granted: no question.
    expect(
      await policy.confirm('exportResults', { outDir: '/res' }, () => Promise.reject(new Error('asked'))),
    ).toBeNull();
    expect(asked).toEqual([['/etc/passwd']]);
  });

  it('the confirmation dialog lists every path with what will be done, and defaults to Cancel', async () => {
    const { dialog, calls } = scripted([{ response: 0 }]);
    const ok = await confirmPaths(dialog, null, {
      read: ['/a.hdf5'],
      write: ['/b.png'],
      writeFolders: ['/out'],
    });
    expect(ok).toBe(true);
    const o = calls[0].options;
    expect(o.detail).toMatch(/read +\/a\.hdf5[\s\S]*write +\/b\.png[\s\S]*write into +\/out/);
    expect(o.buttons).toEqual(['Allow', 'Cancel']);
    expect(o.defaultId).toBe(1);
    expect(o.cancelId).toBe(1);
  });
});
