// Which wizard step is shown and how far the user may go (a later step opens once the earlier ones are complete).
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const STEPS = ['data', 'selection', 'model', 'run', 'results'] as const;
export type StepName = (typeof STEPS)[number];

export const useWizardStore = defineStore('wizard', () => {
  const step = ref<StepName>('data');
  const reached = ref(0);
  /** Results can be shown without the earlier steps (a reopened result folder). */
  const resultsOpen = ref(false);

  function go(s: StepName): void {
    const i = STEPS.indexOf(s);
    if (i > reached.value) reached.value = i;
    step.value = s;
  }

  function canEnter(s: StepName): boolean {
    return STEPS.indexOf(s) <= reached.value || (s === 'results' && resultsOpen.value);
  }

  /** Shows the Results step for a reopened folder without unlocking Selection/Model/Run. */
  function showResults(): void {
    resultsOpen.value = true;
    step.value = 'results';
  }

  /** New data invalidates later steps (the run list keeps earlier results reachable). */
  function restart(): void {
    reached.value = 0;
    step.value = 'data';
  }

  return { step, reached, resultsOpen, go, canEnter, showResults, restart };
});
