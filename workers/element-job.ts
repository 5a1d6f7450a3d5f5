// The per-block fit loop inside a worker: screen, signed-data selection, fit, zero refits, for each element of a block.
import { createRng, ElementFitter, isBadElement, paramNames, selectSignedData } from './fit/index';
import { ElementStatus, type FitResult, type FitStatus } from './fit/types';
import { elementSeed } from './element-seed';
import {
  SEED_ROUND_OF_MODE,
  type BlockResultMessage,
  type FitBlockMessage,
  type InitMessage,
} from './protocol';

const STATUS_OF: Record<FitStatus, number> = {
  converged: ElementStatus.converged,
  'max-evaluations': ElementStatus.maxEvaluations,
  'non-finite': ElementStatus.nonFinite,
  'invalid-input': ElementStatus.invalidInput,
};

export interface BlockHooks {
  /** Called now and then with the number of elements done; may return false to stop (cancel). */
  progress(done: number): boolean | Promise<boolean>;
}

/** Holds one job's options and its fitter (sized for all zaps; signed-data selection only ever uses fewer). */
export class ElementJob {
  readonly nParams: number;
  private readonly fitter: ElementFitter;
  private readonly xBuf: Float64Array;

  constructor(readonly init: InitMessage) {
    this.nParams = paramNames(init.fit.fun).length;
    this.xBuf = new Float64Array(init.nZaps);
    this.fitter = new ElementFitter(init.fit, Math.max(1, init.nZaps));
  }

  /** Fits every element of the block; resolves to null when stopped by the hooks. */
  async run(block: FitBlockMessage, hooks: BlockHooks): Promise<BlockResultMessage | null> {
    const { nZaps, seed, nRefit, badElementScreen, signedData } = this.init;
    const nEl = block.elements.length;
    const np = this.nParams;
    if (block.x.length !== nEl * nZaps)
      throw new Error(`fit-block ${block.blockId}: x has ${block.x.length} values, expected ${nEl * nZaps}`);
    if (block.y.length !== nZaps)
      throw new Error(`fit-block ${block.blockId}: y has ${block.y.length} values, expected ${nZaps}`);
    const scores = new Float64Array(nEl).fill(NaN);
    const params = new Float64Array(nEl * np).fill(NaN);
    const status = new Uint8Array(nEl);
    let evaluations = 0;
    let lastReport = Date.now();
    for (let i = 0; i < nEl; i++) {
      const el = block.elements[i];
      const x = this.xBuf;
      for (let k = 0; k < nZaps; k++) x[k] = block.x[i * nZaps + k];
      let xs: Float64Array = x;
      let ys: Float64Array = block.y;
      const firstVisit = block.mode === 'first' || block.mode === 'stepdown';
      if (firstVisit && badElementScreen && isBadElement(xs, ys)) {
        status[i] = ElementStatus.skippedBad;
        continue;
      }
      if (signedData) {
        const sel = selectSignedData(xs, ys);
        if (!sel) {
          status[i] = ElementStatus.skippedSigned;
          continue;
        }
        xs = sel.x;
        ys = sel.y;
      }
      const fitter = this.fitter;
      const start = block.starts ? block.starts.subarray(i * np, (i + 1) * np) : undefined;
      let res: FitResult;
      if (block.mode !== 'discontinuity') {
        const rng = createRng(elementSeed(seed, el, SEED_ROUND_OF_MODE[block.mode]));
        res = nRefit > 0 ? fitter.fitWithRestarts(xs, ys, rng, nRefit, start) : fitter.fit(xs, ys, start);
      } else {
        res = fitter.fit(xs, ys, start);
      }
      evaluations += res.evaluations;
      scores[i] = res.score;
      params.set(res.params.subarray(0, np), i * np);
      status[i] = STATUS_OF[res.status];
      const now = Date.now();
      if (now - lastReport > 100) {
        lastReport = now;
        if (!(await hooks.progress(i + 1))) return null;
      }
    }
    return {
      type: 'block-result',
      blockId: block.blockId,
      scores,
      params,
      status,
      evaluations,
      cpuSeconds: 0,
    };
  }
}
