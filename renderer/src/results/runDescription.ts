// The one-line description of a run (the Run step's plan, the Results step's run list), naming what departs from the reference.
import type { ModelOptions, QoiName } from '../../../main/contract';
import { muscleName, qoiSymbol, scoreLabel } from './figureStyle';

/** "FDI, ADM × |E| · 120 zaps · sigmoid4, R²", with " · no step start" when the step start was turned off. */
export function runDescription(
  responses: string[],
  qois: QoiName[],
  nZaps: number | null | undefined,
  model: Pick<ModelOptions, 'fun' | 'score' | 'stepStart'>,
): string {
  const what = `${responses.map(muscleName).join(', ')} × ${qois.map(qoiSymbol).join(', ')}`;
  // The step start is on by default (beyond the reference): only its absence is worth a word.
  const step = model.stepStart === false ? ' · no step start' : '';
  return `${what} · ${nZaps ?? '?'} zaps · ${model.fun}, ${scoreLabel(model.score)}${step}`;
}
