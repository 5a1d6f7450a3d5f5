// The Levenberg–Marquardt control loop shared by both solvers: damping, step acceptance and the stopping tests.
//
// A solver supplies the algebra of its parameter space (the projected gradient test, the damped and projected trial
// step, the trial evaluation, accepting the trial); this module decides everything else once, so lm.ts (full LM)
// and separable.ts (variable projection) cannot drift apart in how they damp, accept or stop.
import { FIT_DEFAULTS } from './defaults';
import type { FitStatus } from './types';

/** What the loop asks of a solver; `cost`, `evaluations` and the step figures are read after each call. */
export interface LmSteps {
  /** ½ Σ r² at the current (accepted) parameters. */
  readonly cost: number;
  /** Model evaluations so far (the loop adds one per trial). */
  evaluations: number;
  /** Scaled norms of the last proposed (projected) step and of the current parameters (the xtol test). */
  readonly stepNorm: number;
  readonly pNorm: number;
  /** Reduction of the quadratic model predicted for the last proposed step. */
  readonly pred: number;
  /**
   * Projected gradient test at the current parameters (MINPACK's gtol, on the parameters not pinned at a bound):
   * a stop message when converged, else null.
   */
  stationary(gtol: number): string | null;
  /** Solves (H + λ·diag(d)) δ = −g and projects the trial point into the bounds; false when the system fails. */
  propose(lambda: number): boolean;
  /** Evaluates the trial point: its cost, or Infinity when the model cannot be evaluated there (overflow guard). */
  tryCost(): number;
  /** Makes the trial point current: its gradient, Gauss–Newton matrix and scaling become the current ones. */
  accept(): void;
  /**
   * For a solver that evaluates approximately at first (separable.ts: float32 in the kernel's first loop): asked
   * after each accepted step with its cost reduction, and with 0 before the loop would stop. Returns true when it
   * has just switched to exact evaluation (and evaluated the current point again, exactly): the loop then judges
   * convergence afresh instead of on approximate costs. Without it, every evaluation is exact.
   */
  settle?(reduction: number): boolean;
}

export interface LmLimits {
  maxEvaluations: number;
  ftol: number;
  xtol: number;
  gtol: number;
}

export interface LmStop {
  status: FitStatus;
  message: string;
  /** Accepted steps + 1 (Jacobian evaluations, as MINPACK's njev). */
  iterations: number;
}

/** A step is taken when the actual reduction is at least this fraction of the predicted one. */
const ACCEPT_RATIO = 1e-4;

/**
 * Runs the loop from the solver's current point (already evaluated once, with its gradient) until a stopping test
 * holds. Damping: λ starts at `initialDamping` (FIT_DEFAULTS.initialDamping unless the solver has its own); an accepted step with gain ratio ρ scales it by
 * max(1/3, 1 − (2ρ − 1)³) (Nielsen's rule), a rejected or failed step by ν = 2, 4, 8, …
 */
export function runLm(
  s: LmSteps,
  lim: LmLimits,
  initialDamping: number = FIT_DEFAULTS.initialDamping,
): LmStop {
  let lambda = initialDamping;
  let nu = 2;
  let iterations = 1;
  const stop = (status: FitStatus, message: string): LmStop => ({ status, message, iterations });
  // Before a converged stop: a solver still evaluating approximately switches and the loop goes on from its exact
  // evaluation of the same point, with no more damping than at the start.
  const settled = (): boolean => {
    if (!s.settle?.(0)) return false;
    lambda = Math.min(lambda, initialDamping);
    nu = 2;
    return true;
  };
  outer: for (;;) {
    if (s.cost === 0) {
      if (settled()) continue;
      return stop('converged', 'exact fit (cost 0)');
    }
    const why = s.stationary(lim.gtol);
    if (why !== null) {
      if (settled()) continue;
      return stop('converged', why);
    }
    for (;;) {
      if (s.evaluations >= lim.maxEvaluations)
        return stop('max-evaluations', `stopped after ${s.evaluations} evaluations`);
      if (!s.propose(lambda)) {
        lambda *= nu;
        nu *= 2;
        if (lambda > FIT_DEFAULTS.maxDamping) {
          if (settled()) continue outer;
          return stop('converged', 'no further reduction possible');
        }
        continue;
      }
      s.evaluations++;
      const pred = s.pred;
      const costTry = s.tryCost();
      // Read after the trial: a solver may evaluate its current point again, exactly, before an exact trial.
      const cost = s.cost;
      const rho = costTry < cost && pred > 0 ? (cost - costTry) / pred : -1;
      if (rho > ACCEPT_RATIO) {
        const actRel = (cost - costTry) / cost;
        const predRel = pred / cost;
        s.accept();
        iterations++;
        const t = 2 * rho - 1;
        lambda *= Math.max(1 / 3, 1 - t * t * t);
        nu = 2;
        // Switched to exact evaluation at this step: the stopping tests wait for exact costs.
        if (s.settle?.(cost - costTry)) continue outer;
        if (actRel <= lim.ftol && predRel <= lim.ftol) {
          if (settled()) continue outer;
          return stop('converged', 'relative reduction of the cost below ftol');
        }
        if (s.stepNorm <= lim.xtol * s.pNorm) {
          if (settled()) continue outer;
          return stop('converged', 'relative step size below xtol');
        }
        break;
      }
      // Rejected: a step this small cannot resolve anything further.
      if (s.stepNorm <= lim.xtol * s.pNorm) {
        if (settled()) continue outer;
        return stop('converged', 'relative step size below xtol');
      }
      lambda *= nu;
      nu *= 2;
      if (lambda > FIT_DEFAULTS.maxDamping) {
        if (settled()) continue outer;
        return stop('converged', 'no further reduction possible');
      }
    }
  }
}

/**
 * Marquardt scaling after an accepted step: max(current diagonal, ½ · previous scaling). MINPACK keeps the maximum
 * over all iterations, which freezes the damping of a parameter whose column shrinks (r of a sigmoid sharpening into
 * a step on data without a relation) and makes LM crawl for thousands of steps; the bare current diagonal is erratic
 * on clean curves. Halving the memory each step keeps both fast (see test/bench/fit.bench.ts).
 */
export function rescale(diagonal: number, previous: number): number {
  return Math.max(diagonal, 0.5 * previous);
}
