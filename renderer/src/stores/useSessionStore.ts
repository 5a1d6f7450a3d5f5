// Saving and reopening a session (`*.tmsmap`): the inputs, the selection and the model options of the wizard.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SessionFile } from '../../../main/contract';
import { useApi } from '../api/client';
import { useDatasetStore } from './useDatasetStore';
import { useModelStore } from './useModelStore';
import { useSelectionStore } from './useSelectionStore';
import { useWizardStore } from './useWizardStore';

export const useSessionStore = defineStore('session', () => {
  const path = ref<string | null>(null);

  function build(): SessionFile {
    const dataset = useDatasetStore();
    return {
      format: 'tms-mapper-session',
      version: 1,
      savedAt: new Date().toISOString(),
      inputs: dataset.opened?.inputs ?? dataset.inputs,
      demo: !!dataset.opened?.demo,
      selection: useSelectionStore().options,
      model: { ...useModelStore().options },
    };
  }

  async function save(target: string, overwrite: boolean): Promise<void> {
    await useApi().saveSession({ path: target, session: build(), overwrite });
    path.value = target;
  }

  /** Reads a session, reopens its data and restores selection and model; lands on the Model step. */
  async function open(source: string): Promise<SessionFile> {
    const s = await useApi().openSession({ path: source });
    const dataset = useDatasetStore();
    const selection = useSelectionStore();
    const wizard = useWizardStore();
    const d = s.demo
      ? await dataset.openDemo()
      : (await dataset.restoreInputs(s.inputs), await dataset.open());
    selection.resetFor(d);
    selection.apply(s.selection);
    useModelStore().apply(s.model);
    path.value = source;
    wizard.restart();
    wizard.go('selection');
    wizard.go('model');
    return s;
  }

  return { path, build, save, open };
});
