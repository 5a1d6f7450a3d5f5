# Made the reference numbers pasted into test/unit/fit/reference.test.ts: run with /usr/bin/python3 (numpy, scipy, lmfit 1.1).
import numpy as np, lmfit, scipy.stats, scipy.special
np.set_printoptions(precision=17)
def sigmoid4(x, x0, r, amp, y0):
    return y0 + (amp - y0) / (1 + np.exp(-r * (x - x0)))
n = 60
i = np.arange(n)
x = 20 + 100 * np.mod(i * 0.6180339887, 1)
y = 0.05 + (2 - 0.05) / (1 + np.exp(-0.15 * (x - 60))) + 0.1 * np.sin(1.7 * i)
xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
y0 = ymin; amp = ymax; x0 = xmin + 0.75 * (xmax - xmin); r = 16 / (xmax - xmin) * (ymax - ymin) / (amp - y0)
print('start', repr(x0), repr(r), repr(amp), repr(y0))
m = lmfit.Model(sigmoid4)
m.set_param_hint('x0', value=x0, min=min(0, 100*x0), max=max(0, 100*x0))
m.set_param_hint('r', value=r, min=min(1e-12, 100*r), max=max(1e-12, 100*r))
m.set_param_hint('amp', value=amp, min=min(1e-12, 100*amp), max=max(1e-12, 100*amp))
m.set_param_hint('y0', value=y0, min=1e-12, max=ymax)
p = m.make_params()
fit = m.fit(y, p, x=x, method='leastsq', max_nfev=10*n, calc_covar=False, scale_covar=False)
print('lmfit', [repr(v) for v in fit.best_values.values()], 'chisqr', repr(fit.chisqr), 'aic', repr(fit.aic), 'bic', repr(fit.bic), 'nfev', fit.nfev)
res = fit.residual
print('R2', repr(1 - np.sum(res**2) / (np.var(y) * n)), 'R2_old', repr(1 - np.var(res) / np.var(y)), 'SR', repr(1 - np.linalg.norm(res) / np.linalg.norm(y)))
# spearman with ties
xt = np.array([1, 2, 2, 3, 5, 5, 5, 8, 9, 10.0]); yt = np.array([2, 1, 4, 4, 3, 7, 6, 9, 9, 8.0])
print('spearman', repr(scipy.stats.spearmanr(xt, yt).statistic), 'rho x y', repr(scipy.stats.spearmanr(x, y).statistic))
lr = scipy.stats.linregress(x[:25], y[:25]); print('linregress25', repr(lr.slope), repr(lr.intercept), repr(lr.rvalue), repr(lr.pvalue))
yy = 0.3 + 0.001 * x + 0.2 * np.sin(3.1 * i); lr = scipy.stats.linregress(x, yy); print('linregress weak', repr(lr.slope), repr(lr.pvalue))
print('betainc', repr(scipy.special.betainc(2.5, 0.5, 0.3)), repr(scipy.special.betainc(10, 0.5, 0.9)), repr(scipy.special.betainc(0.5, 3, 0.01)))
print('t.sf two-sided', repr(2*scipy.stats.t.sf(2.1, 7)), repr(2*scipy.stats.t.sf(3.7, 23)), repr(2*scipy.stats.t.sf(0.4, 120)))
for k, v in dict(x0=60, r=0.15, amp=2, y0=0.05).items():
    m.set_param_hint(k, value=v)
fit2 = m.fit(y, m.make_params(), x=x, method='leastsq', max_nfev=10*n, calc_covar=False, scale_covar=False, xtol=1e-12, ftol=1e-12)
print('lmfit from truth', [repr(v) for v in fit2.best_values.values()], 'chisqr', repr(fit2.chisqr), 'aic', repr(fit2.aic), 'bic', repr(fit2.bic))
res = fit2.residual
print('R2', repr(1 - np.sum(res**2) / (np.var(y) * n)), 'R2_old', repr(1 - np.var(res) / np.var(y)), 'SR', repr(1 - np.linalg.norm(res) / np.linalg.norm(y)))
