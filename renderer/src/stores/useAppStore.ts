// App-wide state: what the backend offers (transport, workers), the persisted settings, and the error shown to the user.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppInfo, ErrorCode, Settings } from '../../../main/contract';
import { useApi } from '../api/client';
import { describeError } from '../api/api-error';

export interface ShownError {
  id: number;
  code: ErrorCode;
  message: string;
}

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfo | null>(null);
  const settings = shallowRef<Settings | null>(null);
  const errors = ref<ShownError[]>([]);
  let nextId = 1;
  const systemDark =
    typeof window !== 'undefined' && (window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
  /** Dark theme: the persisted setting, or the OS's choice for 'system'. Plots follow it on screen. */
  const dark = computed(() =>
    settings.value?.theme === 'system' || !settings.value ? systemDark : settings.value.theme === 'dark',
  );

  async function init(): Promise<void> {
    const api = useApi();
    const [i, s] = await Promise.all([api.appInfo({}), api.getSettings({})]);
    info.value = i;
    settings.value = s;
  }

  async function updateSettings(patch: Partial<Settings>): Promise<void> {
    settings.value = await useApi().setSettings({ patch });
  }

  /** The one place errors become visible (called by app.config.errorHandler and by actions that catch). */
  function reportError(e: unknown): ShownError {
    const d = describeError(e);
    const shown = { id: nextId++, ...d };
    errors.value = [...errors.value.slice(-4), shown];
    return shown;
  }

  function dismissError(id: number): void {
    errors.value = errors.value.filter((e) => e.id !== id);
  }

  return { info, settings, errors, dark, init, updateSettings, reportError, dismissError };
});
