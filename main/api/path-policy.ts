// Which file paths a transport may touch: under a root folder (browser mode) or granted by a native dialog (Electron).
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../contract';

export interface PathPolicy {
  /** Checks a path the renderer sent and returns its absolute form, or throws PERMISSION_DENIED. */
  allowRead(path: string): string;
  allowWrite(path: string): string;
  /** The browse root (browser mode), or null when paths come from native dialogs. */
  readonly root: string | null;
  /** Trusts a path named by a file the user chose (a session's inputs); browser mode keeps its root check instead. */
  grant?(path: string): void;
}

/** Resolves symlinks of the existing part of a path so `root/link -> /etc` cannot escape the root. */
function realOf(p: string): string {
  let head = p;
  const tail: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(head), ...tail.reverse());
    } catch {
      const parent = dirname(head);
      if (parent === head) return p;
      tail.push(head.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      head = parent;
    }
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Browser mode: every path must lie under the root (after resolving symlinks); relative paths are taken from the root. */
export class RootPathPolicy implements PathPolicy {
  readonly root: string;
  constructor(root: string) {
    this.root = realOf(resolve(root));
  }
  private check(path: string): string {
    const abs = realOf(resolve(this.root, path));
    if (!isInside(this.root, abs)) {
      throw new AppError('PERMISSION_DENIED', {
        file: path,
        found: 'a path outside the served folder',
        expected: `a path under ${this.root}`,
      });
    }
    return abs;
  }
  allowRead(path: string): string {
    return this.check(path);
  }
  allowWrite(path: string): string {
    return this.check(path);
  }
}

/**
 * Electron: only paths the user chose in a native dialog (or reopened from the recent list / a session the user
 * chose) are accepted, so a compromised renderer cannot read arbitrary files.
 */
export class GrantedPathPolicy implements PathPolicy {
  readonly root = null;
  private readonly read = new Set<string>();
  private readonly write = new Set<string>();
  private readonly writeDirs = new Set<string>();

  grantRead(path: string): void {
    this.read.add(resolve(path));
  }
  grant(path: string): void {
    this.grantRead(path);
  }
  /** A save dialog grants that file; a folder dialog grants files directly inside the folder too. */
  grantWrite(path: string, folder = false): void {
    const abs = resolve(path);
    this.write.add(abs);
    if (folder) this.writeDirs.add(abs);
  }
  allowRead(path: string): string {
    const abs = resolve(path);
    if (this.read.has(abs) || this.write.has(abs) || this.writeDirs.has(dirname(abs))) return abs;
    throw new AppError('PERMISSION_DENIED', {
      file: path,
      found: 'a path not chosen in a dialog',
      expected: 'a file chosen with Open…',
    });
  }
  allowWrite(path: string): string {
    const abs = resolve(path);
    if (this.write.has(abs) || this.writeDirs.has(dirname(abs))) return abs;
    throw new AppError('PERMISSION_DENIED', {
      file: path,
      found: 'a path not chosen in a dialog',
      expected: 'a file chosen with Save…',
    });
  }
}
