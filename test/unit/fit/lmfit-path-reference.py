# Made the lmfit numbers pasted into test/unit/fit/minpack.test.ts: run with /usr/bin/python3 (numpy, lmfit 1.1).
# Data set D2: a weak step (size a) under a deterministic scatter (size b), no RNG, so TypeScript builds the same numbers;
# sigmoid4 fitted from Element.setup_model's data-driven start and bounds, as regress_data's workhorse calls lmfit.
import numpy as np, lmfit
def sigmoid4(x, x0, r, amp, y0):
    return y0 + (amp - y0) / (1 + np.exp(-r * (x - x0)))
n = 80
i = np.arange(n)
x = 20 + 100 * np.mod(i * 0.6180339887, 1)
for a, b in [(0.2, 0.3), (0.2, 0.5), (0.3, 0.8)]:
    y = 1 + a * (x > 55) + b * np.abs(np.sin(1.7 * i + 0.3 * i * i))
    xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    y0 = ymin; amp = ymax; x0 = xmin + 0.75 * (xmax - xmin); r = 16 / (xmax - xmin) * (ymax - ymin) / (amp - y0)
    m = lmfit.Model(sigmoid4)
    m.set_param_hint('x0', value=x0, min=min(0, 100 * x0), max=max(0, 100 * x0))
    m.set_param_hint('r', value=r, min=min(1e-12, 100 * r), max=max(1e-12, 100 * r))
    m.set_param_hint('amp', value=amp, min=min(1e-12, 100 * amp), max=max(1e-12, 100 * amp))
    m.set_param_hint('y0', value=y0, min=1e-12, max=ymax)
    fit = m.fit(y, m.make_params(), x=x, method='leastsq', max_nfev=10 * n, calc_covar=False, scale_covar=False)
    print((a, b), 'chisqr', repr(fit.chisqr), 'nfev', fit.nfev, [repr(v) for v in fit.best_values.values()])
