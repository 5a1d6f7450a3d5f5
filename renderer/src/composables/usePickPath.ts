// Choosing a file or folder the same way in both transports: the native dialog in Electron, the server-side browser otherwise.
import type { FilePurpose } from '../../../main/contract';
import { useApi } from '../api/client';
import { useAppStore } from '../stores/useAppStore';
import type { PickMode } from '../stores/useFileBrowserStore';
import { useFileBrowserStore } from '../stores/useFileBrowserStore';

export interface PickOptions {
  purpose: FilePurpose;
  mode: PickMode;
  /** Suggested file name for save dialogs. */
  defaultName?: string;
  /** Start folder (browser mode) or default path (native). */
  near?: string;
}

function folderOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : undefined;
}

export function usePickPath(): (o: PickOptions) => Promise<string | null> {
  const app = useAppStore();
  const browser = useFileBrowserStore();
  return async (o) => {
    if (app.info?.nativeDialogs) {
      const defaultPath = o.defaultName
        ? [folderOf(o.near), o.defaultName].filter(Boolean).join('/')
        : o.near;
      return (
        await useApi().pickPath({ purpose: o.purpose, mode: o.mode, ...(defaultPath ? { defaultPath } : {}) })
      ).path;
    }
    const start = o.mode === 'folder' && o.near ? o.near : folderOf(o.near);
    return browser.pick({ purpose: o.purpose, mode: o.mode, startDir: start, defaultName: o.defaultName });
  };
}
