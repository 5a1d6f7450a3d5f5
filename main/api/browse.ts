// The server-side file browser of browser mode: lists one folder under the root, folders first, hidden files left out.
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../contract';
import type { BrowseEntry, FilePurpose } from '../contract';
import type { PathPolicy } from './path-policy';
import { isInside } from './path-policy';

/** File endings offered per purpose (folders are always listed; per-condition E-fields are folders). */
const ENDINGS: Record<FilePurpose, string[] | null> = {
  roi: ['.hdf5', '.h5', '.hdf'],
  efield: ['.hdf5', '.h5', '.hdf'],
  responses: ['.csv', '.tsv', '.txt', '.hdf5', '.h5'],
  session: ['.tmsmap', '.tmsmap.json', '.json'],
  outputFolder: [],
  figure: ['.png', '.svg'],
  csv: ['.csv'],
  scores: ['.hdf5', '.h5'],
};

export async function browseFolder(
  policy: PathPolicy,
  dir: string | undefined,
  purpose: FilePurpose,
): Promise<{ dir: string; parent: string | null; entries: BrowseEntry[] }> {
  if (!policy.root)
    throw new AppError('BAD_ARGUMENT', {
      found: 'browse in the desktop app',
      expected: 'pickPath (native dialogs)',
    });
  const abs = policy.allowRead(dir ?? policy.root);
  let names: string[];
  try {
    names = await readdir(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : code === 'ENOTDIR' ? 'BAD_ARGUMENT' : 'FILE_NOT_READABLE',
      {
        file: abs,
        expected: 'a folder',
      },
    );
  }
  const endings = ENDINGS[purpose];
  const entries: BrowseEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const p = join(abs, name);
    try {
      // A link that leads out of the root is not offered (opening it would be refused anyway).
      policy.allowRead(p);
      const st = await stat(p);
      if (st.isDirectory()) entries.push({ name, path: p, kind: 'dir', size: 0 });
      else if (st.isFile() && (!endings || endings.some((e) => name.toLowerCase().endsWith(e)))) {
        entries.push({ name, path: p, kind: 'file', size: st.size });
      }
    } catch {
      /* dangling link or no permission: not listed */
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = abs === policy.root || !isInside(policy.root, dirname(abs)) ? null : dirname(abs);
  return { dir: abs, parent, entries };
}
