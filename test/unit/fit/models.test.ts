// Models: pyNIBS names and order, values, analytic Jacobians against finite differences, the overflow guard.
import { describe, expect, it } from 'vitest';
import { evaluateModel, FUN_NAMES, MODELS, paramNames, type FunName } from '../../../workers/fit/index';

const x = Float64Array.from({ length: 40 }, (_, i) => 20 + 2.5 * i);

const AT: Record<FunName, number[]> = {
  sigmoid4: [60, 0.12, 2.5, 0.05],
  sigmoid: [55, 0.2, 1.5],
  sigmoid4_log: [60, 0.12, 2.5, 0.05],
  sigmoid_log: [55, 0.2, 1.5],
  linear: [0.03, -0.4],
  exp0: [70, 0.05],
  exp: [70, 0.05, 0.02],
  ridge: [0.03, -0.4],
};

/** The reference functions written out plainly (pyNIBS fit_funs), to check the fused kernels against. */
const PLAIN: Record<FunName, (p: number[], x: number) => number> = {
  sigmoid4: ([x0, r, amp, y0], v) => y0 + (amp - y0) / (1 + Math.exp(-r * (v - x0))),
  sigmoid: ([x0, r, amp], v) => amp / (1 + Math.exp(-r * (v - x0))),
  sigmoid4_log: ([x0, r, amp, y0], v) => Math.log10(y0 + (amp - y0) / (1 + Math.exp(-r * (v - x0)))),
  sigmoid_log: ([x0, r, amp], v) => Math.log10(1e-12 + (amp - 1e-12) / (1 + Math.exp(-r * (v - x0)))),
  linear: ([m, n], v) => m * v + n,
  exp0: ([x0, r], v) => Math.exp(r * (v - x0)),
  exp: ([x0, r, y0], v) => y0 + Math.exp(r * (v - x0)),
  ridge: ([m, n], v) => m * v + n,
};

describe('models', () => {
  it('use the pyNIBS parameter names and order', () => {
    expect(paramNames('sigmoid4')).toEqual(['x0', 'r', 'amp', 'y0']);
    expect(paramNames('sigmoid')).toEqual(['x0', 'r', 'amp']);
    expect(paramNames('sigmoid4_log')).toEqual(['x0', 'r', 'amp', 'y0']);
    expect(paramNames('sigmoid_log')).toEqual(['x0', 'r', 'amp']);
    expect(paramNames('linear')).toEqual(['m', 'n']);
    expect(paramNames('exp0')).toEqual(['x0', 'r']);
    expect(paramNames('exp')).toEqual(['x0', 'r', 'y0']);
    expect(FUN_NAMES.filter((f) => MODELS[f].log)).toEqual(['sigmoid4_log', 'sigmoid_log']);
  });

  it.each(FUN_NAMES)('%s: values equal the plain formula', (fun) => {
    const out = new Float64Array(x.length);
    expect(evaluateModel(fun, AT[fun], x, out)).toBe(true);
    x.forEach((v, i) => expect(out[i]).toBeCloseTo(PLAIN[fun](AT[fun], v), 12));
  });

  it.each(FUN_NAMES)('%s: analytic Jacobian agrees with central differences', (fun) => {
    const p = Float64Array.from(AT[fun]);
    const np = p.length;
    const jac = new Float64Array(np * x.length);
    expect(MODELS[fun].jacobian(p, x, x.length, jac)).toBe(true);
    for (let k = 0; k < np; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(p[k]));
      const up = [...p];
      const dn = [...p];
      up[k] += h;
      dn[k] -= h;
      for (let i = 0; i < x.length; i++) {
        const fd = (PLAIN[fun](up, x[i]) - PLAIN[fun](dn, x[i])) / (2 * h);
        expect(Math.abs(jac[k * x.length + i] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('normal equations equal JᵀJ and Jᵀr built from the Jacobian', () => {
    const p = Float64Array.from(AT.sigmoid4_log);
    const n = x.length;
    const f = new Float64Array(n);
    const aux = new Float64Array(2 * n);
    const r = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const a = new Float64Array(16);
    const g = new Float64Array(4);
    const jac = new Float64Array(4 * n);
    MODELS.sigmoid4_log.value(p, x, n, f, aux);
    MODELS.sigmoid4_log.normal(p, x, n, aux, r, a, g);
    MODELS.sigmoid4_log.jacobian(p, x, n, jac);
    for (let u = 0; u < 4; u++) {
      let gu = 0;
      for (let i = 0; i < n; i++) gu += jac[u * n + i] * r[i];
      expect(g[u]).toBeCloseTo(gu, 12);
      for (let v = 0; v < 4; v++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += jac[u * n + i] * jac[v * n + i];
        expect(a[u * 4 + v]).toBeCloseTo(s, 10);
      }
    }
  });

  it('overflow guard: an exponent ≥ 500 gives the reference’s flat int32-max line', () => {
    const out = new Float64Array(x.length);
    // −r (x − x0) = 10 · 60 = 600 at x = 20.
    expect(evaluateModel('sigmoid4', [80, 10, 1, 0], x, out)).toBe(false);
    expect(out.every((v) => v === 2147483647)).toBe(true);
    expect(evaluateModel('sigmoid4_log', [80, 10, 1, 0.1], x, out)).toBe(false);
    expect(out[0]).toBeCloseTo(Math.log10(2147483647), 12);
    expect(evaluateModel('exp0', [0, 10], x, out)).toBe(false);
    expect(evaluateModel('sigmoid4', [80, 5, 1, 0], x, out)).toBe(true);
  });

  it('evaluateModel can return the response domain for *_log models', () => {
    const out = new Float64Array(x.length);
    evaluateModel('sigmoid4_log', AT.sigmoid4_log, x, out, true);
    x.forEach((v, i) => expect(out[i]).toBeCloseTo(PLAIN.sigmoid4(AT.sigmoid4_log, v), 12));
  });
});
