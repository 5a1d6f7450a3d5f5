// The one-line description of a run (the Run step's plan, the Results step's run list), naming what departs from the reference.
import type { ModelOptions, QoiName } from '../../../main/contract';
import { muscleName, qoiSymbol, scoreLabel } from './figureStyle';

/**
 * "FDI, ADM × |E| · 120 zaps · sigmoid4, R²", with " · step start" and " · fast solver" when those (beyond the
 * reference) ran.
 */
export function runDescription(
  responses: string[],
  qois: QoiName[],
  nZaps: number | null | undefined,
  model: Pick<ModelOptions, 'fun' | 'score' | 'stepStart' | 'fastSolver'>,
): string {
  const what = `${responses.map(muscleName).join(', ')} × ${qois.map(qoiSymbol).join(', ')}`;
  // The step start is beyond the reference and off by default: a run that used it says so. Results written before the
  // option existed had it on (their summaries say stepStart true).
  const step = model.stepStart ? ' · step start' : '';
  // The same for the fast solver (results written before it existed used it: their summaries say fastSolver true).
  const fast = model.fastSolver ? ' · fast solver' : '';
  return `${what} · ${nZaps ?? '?'} zaps · ${model.fun}, ${scoreLabel(model.score)}${step}${fast}`;
}
