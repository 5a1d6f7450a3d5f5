// @vitest-environment jsdom
// Wizard components with PrimeVue: the Model step shows the reference defaults with help, a progress row its numbers.
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import PrimeVue from 'primevue/config';
import WizardStepModel from '../../../../renderer/src/components/WizardStepModel.vue';
import WizardStepRunProgress from '../../../../renderer/src/components/WizardStepRunProgress.vue';
import { MODEL_HELP, useModelStore } from '../../../../renderer/src/stores/useModelStore';
import WizardStepSelection from '../../../../renderer/src/components/WizardStepSelection.vue';
import { useDatasetStore } from '../../../../renderer/src/stores/useDatasetStore';
import { useSelectionStore } from '../../../../renderer/src/stores/useSelectionStore';
import { DEFAULT_MODEL, toJobSpec, type OpenedDataset } from '../../../../main/contract';

if (!window.matchMedia) {
  window.matchMedia = ((q: string) => ({
    matches: false,
    media: q,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
  })) as never;
}

describe('WizardStepModel', () => {
  it('shows sigmoid4 / R2 / 50 refits and one help line per option', () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    useModelStore().reset(3);
    const w = mount(WizardStepModel, { global: { plugins: [pinia, [PrimeVue, { unstyled: true }]] } });
    expect(w.get('[data-testid="model-fun"]').text()).toContain('sigmoid4');
    expect(w.get('[data-testid="model-score"]').text()).toContain('R2');
    expect((w.get('[data-testid="model-nrefit"] input').element as HTMLInputElement).value).toBe('50');
    expect((w.get('[data-testid="model-workers"] input').element as HTMLInputElement).value).toBe('3');
    for (const help of [MODEL_HELP.fun, MODEL_HELP.discontinuityRefit, MODEL_HELP.signedData])
      expect(w.text()).toContain(help);
    w.unmount();
  });

  // Both options beyond the reference: off by default, named as such, and a session saved before the option existed
  // ran with it on (the step start, the engine's own solver) and reads so.
  it.each([
    ['stepStart', 'Step start (beyond the reference)'],
    ['fastSolver', 'Fast solver (beyond the reference)'],
  ] as const)(
    'names %s as beyond the reference, off by default; turning it on reaches the job spec',
    async (key, label) => {
      const pinia = createPinia();
      setActivePinia(pinia);
      const store = useModelStore();
      store.reset(1);
      const w = mount(WizardStepModel, { global: { plugins: [pinia, [PrimeVue, { unstyled: true }]] } });
      expect(w.text()).toContain(label);
      expect(w.text()).toContain(MODEL_HELP[key]);
      const toggle = w.get(`[data-testid="model-${key}"] input`);
      expect((toggle.element as HTMLInputElement).checked).toBe(false);
      const inputs = { roiFile: 'm.hdf5', efieldFile: 'e.hdf5', responsesFile: 'r.csv' };
      const sel = { responses: ['p2p_FDI'], qois: ['E_mag' as const], zaps: {} };
      expect(toJobSpec(inputs, sel, store.options)[key]).toBe(false);
      await toggle.setValue(true);
      expect(store.options[key]).toBe(true);
      expect(toJobSpec(inputs, sel, store.options)[key]).toBe(true);
      const old: Partial<typeof DEFAULT_MODEL> = { ...DEFAULT_MODEL };
      delete old[key];
      store.apply(old as typeof DEFAULT_MODEL);
      expect(store.options[key]).toBe(true);
      w.unmount();
    },
  );
});

describe('WizardStepRunProgress', () => {
  it('shows done/total, rate and ETA while fitting; no ETA when done', async () => {
    const p = {
      jobId: 'j',
      response: 'p2p_FDI',
      qoi: 'E_mag' as const,
      phase: 'fitting' as const,
      done: 1200,
      total: 4418,
      rate: 310.4,
      etaSeconds: 95,
    };
    const w = mount(WizardStepRunProgress, {
      props: { p },
      global: { plugins: [[PrimeVue, { unstyled: true }]] },
    });
    expect(w.text()).toContain('1,200 / 4,418');
    expect(w.text()).toContain('310 el/s');
    expect(w.text()).toContain('ETA 1 min 35 s');
    await w.setProps({ p: { ...p, phase: 'done', done: 4418, etaSeconds: 0 } });
    expect(w.text()).not.toContain('ETA');
    expect(w.get('[data-testid="progress-p2p_FDI-E_mag"]').attributes('data-done')).toBe('4418');
  });
});

describe('WizardStepSelection', () => {
  it('labels the QOI buttons as the figures do (|E|, E⊥, E∥) and selects the file names', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const dataset = useDatasetStore();
    dataset.opened = {
      datasetId: 'd',
      summary: { qois: ['E_mag', 'E_norm', 'E_tan'] },
      responseColumns: ['p2p_FDI'],
      numericColumns: ['p2p_FDI'],
      demo: true,
    } as unknown as OpenedDataset;
    const sel = useSelectionStore();
    sel.qois = ['E_mag'];
    const w = mount(WizardStepSelection, { global: { plugins: [pinia, [PrimeVue, { unstyled: true }]] } });
    const buttons = w.get('[data-testid="qoi-select"]').findAll('button');
    expect(buttons.map((b) => b.text())).toEqual(['|E|', 'E⊥', 'E∥']);
    await buttons[1].trigger('click');
    expect(sel.qois).toEqual(['E_mag', 'E_norm']);
    w.unmount();
  });
});
