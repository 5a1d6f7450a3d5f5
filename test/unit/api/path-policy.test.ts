// Path policies: browser mode confines paths to the root (also through symlinks); Electron only accepts dialog-granted paths.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GrantedPathPolicy, RootPathPolicy } from '../../../main/api/path-policy';

describe('RootPathPolicy', () => {
  const root = mkdtempSync(join(tmpdir(), 'policy-'));
  mkdirSync(join(root, 'sub'));
  symlinkSync(tmpdir(), join(root, 'out'));
  const p = new RootPathPolicy(root);

  it('accepts paths under the root, also not yet existing ones and relative ones', () => {
    expect(p.allowRead(join(root, 'sub'))).toBe(join(p.root, 'sub'));
    expect(p.allowWrite(join(root, 'sub', 'new', 'file.png'))).toBe(join(p.root, 'sub', 'new', 'file.png'));
    expect(p.allowRead('sub')).toBe(join(p.root, 'sub'));
  });

  it.each(['/etc/passwd', '..', join('sub', '..', '..'), 'out/x', '/'])(
    'refuses %s with PERMISSION_DENIED',
    (path) => {
      expect(() => p.allowRead(path.startsWith('/') ? path : join(root, path))).toThrow(/PERMISSION_DENIED/);
    },
  );
});

describe('GrantedPathPolicy', () => {
  it('accepts only granted files, and files directly inside a granted folder for writing', () => {
    const g = new GrantedPathPolicy();
    expect(() => g.allowRead('/data/e.hdf5')).toThrow(/PERMISSION_DENIED/);
    g.grantRead('/data/e.hdf5');
    expect(g.allowRead('/data/e.hdf5')).toBe('/data/e.hdf5');
    expect(() => g.allowWrite('/data/e.hdf5')).toThrow(/PERMISSION_DENIED/);
    g.grantWrite('/out', true);
    expect(g.allowWrite('/out/fig.png')).toBe('/out/fig.png');
    expect(() => g.allowWrite('/out/deeper/fig.png')).toThrow(/PERMISSION_DENIED/);
    expect(() => g.allowRead('/data/../etc/passwd')).toThrow(/PERMISSION_DENIED/);
    expect(g.root).toBeNull();
  });
});
