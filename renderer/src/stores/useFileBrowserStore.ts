// Browser mode's file picker dialog: lists folders under the server's root and resolves with the chosen path.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BrowseEntry, FilePurpose } from '../../../main/contract';
import { useApi } from '../api/client';

export type PickMode = 'open' | 'save' | 'folder';

export const useFileBrowserStore = defineStore('fileBrowser', () => {
  const visible = ref(false);
  const purpose = ref<FilePurpose>('roi');
  const mode = ref<PickMode>('open');
  const dir = ref('');
  const parent = ref<string | null>(null);
  const entries = shallowRef<BrowseEntry[]>([]);
  const fileName = ref('');
  const loading = ref(false);
  const error = ref<string | null>(null);
  let resolver: ((p: string | null) => void) | null = null;

  async function list(target?: string): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const r = await useApi().browse({ dir: target, purpose: purpose.value });
      dir.value = r.dir;
      parent.value = r.parent;
      entries.value = r.entries;
    } catch (e) {
      // A start folder that does not exist yet (a new export folder): show the nearest one that does.
      const up = target?.replace(/[\\/][^\\/]+[\\/]?$/, '');
      if (target && up && up !== target) {
        loading.value = false;
        return list(up);
      }
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  /** Creates `name` inside the listed folder and lists it. */
  async function makeFolder(name: string): Promise<void> {
    error.value = null;
    try {
      const r = await useApi().makeFolder({ path: `${dir.value}/${name}` });
      await list(r.path);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** Opens the dialog; resolves with the chosen absolute path, or null when cancelled. */
  function pick(o: {
    purpose: FilePurpose;
    mode: PickMode;
    startDir?: string;
    defaultName?: string;
  }): Promise<string | null> {
    resolver?.(null);
    purpose.value = o.purpose;
    mode.value = o.mode;
    fileName.value = o.defaultName ?? '';
    // Forget the previous folder until the new listing arrives, so Save cannot land in a stale folder.
    dir.value = '';
    entries.value = [];
    visible.value = true;
    void list(o.startDir);
    return new Promise((resolve) => (resolver = resolve));
  }

  function choose(path: string | null): void {
    visible.value = false;
    const r = resolver;
    resolver = null;
    r?.(path);
  }

  return {
    visible,
    purpose,
    mode,
    dir,
    parent,
    entries,
    fileName,
    loading,
    error,
    list,
    makeFolder,
    pick,
    choose,
  };
});
