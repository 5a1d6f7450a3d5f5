import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/contract';
import { writeResults } from '../../main/io/results-writer';
import { gridRoi, mappingResult } from '../unit/io/results-fixture';

// A real full disk: a 1 MiB tmpfs. Mounting needs root (CI runs as root); elsewhere the test is reported as skipped.
const mountPoint = mkdtempSync(join(tmpdir(), 'results-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]).status === 0;
const roi = gridRoi();

function fill(leave: number): void {
  const s = statfsSync(mountPoint);
  writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, Number(s.bavail * s.bsize) - leave)));
}

beforeAll(() => {
  if (mounted) rmSync(join(mountPoint, 'filler'), { force: true });
});
afterAll(() => {
  if (mounted) spawnSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe.runIf(mounted)('writeResults on a disk that fills up (tmpfs)', () => {
  it('refuses up front when the folder cannot fit (DISK_FULL), leaving nothing', async () => {
    fill(10_000);
    const e = await writeResults(join(mountPoint, 'out'), mappingResult(roi), roi).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('DISK_FULL');
    expect(readdirSync(mountPoint)).toEqual(['filler']);
    rmSync(join(mountPoint, 'filler'));
  });

  it.each([0, 20_000, 60_000])(
    'runs out of space midway (%i bytes left after the first file): DISK_FULL naming the result file, previous results intact',
    async (leave) => {
      const out = join(mountPoint, 'out');
      await writeResults(out, mappingResult(roi), roi);
      const before = readdirSync(join(out, 'p2p_FDI')).sort();
      const e = await writeResults(out, mappingResult(roi), roi, {
        force: true,
        onFile: (_f, i) => {
          if (i === 1) fill(leave);
        },
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('DISK_FULL');
      expect((e as AppError).message).toContain(out);
      expect((e as AppError).message).not.toContain('.partial-');
      expect(readdirSync(mountPoint).sort()).toEqual(['filler', 'out']);
      expect(readdirSync(join(out, 'p2p_FDI')).sort()).toEqual(before);
      rmSync(join(mountPoint, 'filler'));
      rmSync(out, { recursive: true });
    },
  );
});
