// Paths the renderer names that no dialog of this run granted (a session's inputs, the recent list, the last output
// folder, or a compromised renderer's choice) are read or written only after the user confirms them in a dialog.
import { AppError } from '../contract';
import { GrantedPathPolicy } from '../api/path-policy';
import type { OpenedDataset } from '../contract';

export interface PathNeeds {
  read: string[];
  /** Files to write. */
  write: string[];
  /** Folders to write into (a result folder). */
  writeFolders: string[];
}

const str = (v: unknown): string[] => (typeof v === 'string' && v.length > 0 ? [v] : []);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/** The paths a call would touch, by verb (the payload is not validated yet: anything not a string is skipped). */
export function pathsOf(verb: string, payload: unknown): PathNeeds {
  const p = obj(payload);
  const none: PathNeeds = { read: [], write: [], writeFolders: [] };
  switch (verb) {
    case 'listRois':
    case 'previewResponses':
      return { ...none, read: str(p.file) };
    case 'openSession':
      return { ...none, read: str(p.path) };
    case 'compareWithReference':
      return { ...none, read: Array.isArray(p.files) ? p.files.flatMap(str) : [] };
    case 'openDataset': {
      const i = obj(p.inputs);
      return { ...none, read: [...str(i.roiFile), ...str(i.efieldFile), ...str(i.responsesFile)] };
    }
    case 'saveFigure':
    case 'exportHotspots':
    case 'saveSession':
      return { ...none, write: str(p.path) };
    case 'exportResults':
      return { ...none, writeFolders: str(p.outDir) };
    default:
      return none;
  }
}

const allowed = (check: () => unknown): boolean => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

/** What of `needs` the policy does not grant yet. */
export function ungranted(policy: GrantedPathPolicy, needs: PathNeeds): PathNeeds {
  return {
    read: needs.read.filter((f) => !allowed(() => policy.allowRead(f))),
    write: needs.write.filter((f) => !allowed(() => policy.allowWrite(f))),
    writeFolders: needs.writeFolders.filter((d) => !allowed(() => policy.allowWrite(d))),
  };
}

export const isEmpty = (n: PathNeeds): boolean =>
  n.read.length + n.write.length + n.writeFolders.length === 0;

/** The question the user answers: true = allow. */
export type AskUser = (needs: PathNeeds) => Promise<boolean>;

/**
 * Dialog grants as before; `grant` (a session's inputs, called by the service) no longer trusts anything by
 * itself: those paths are confirmed by the user when they are first used.
 */
export class ConfirmingPathPolicy extends GrantedPathPolicy {
  override grant(): void {
    // Deliberately nothing: see the class comment.
  }

  /** Grants `needs` after asking, or returns the PERMISSION_DENIED error for the gateway to answer with. */
  async confirm(verb: string, payload: unknown, ask: AskUser): Promise<AppError | null> {
    const missing = ungranted(this, pathsOf(verb, payload));
    if (isEmpty(missing)) return null;
    if (!(await ask(missing))) {
      const first = [...missing.read, ...missing.write, ...missing.writeFolders][0];
      return new AppError('PERMISSION_DENIED', {
        file: first,
        found: 'a path not chosen in a dialog, and not confirmed by the user',
        expected: 'a file chosen with Open…/Save…, or confirmed when asked',
      });
    }
    for (const f of missing.read) this.grantRead(f);
    for (const f of missing.write) this.grantWrite(f);
    for (const d of missing.writeFolders) this.grantWrite(d, true);
    return null;
  }

  /** The demo's files are the app's own: once openDemo returned them, reading them needs no question. */
  noteResult(verb: string, value: unknown): void {
    if (verb !== 'openDemo') return;
    const inputs = (value as Partial<OpenedDataset> | undefined)?.inputs;
    if (!inputs) return;
    for (const f of [inputs.roiFile, inputs.efieldFile, inputs.responsesFile]) this.grantRead(f);
  }
}
