"""A stand-in for pyNIBS 0.2023.8 regress_data (sigmoid4, R2), for side-by-side runs (test/bench/reference.bench.ts).

It follows regress_data's flow so that its cost matches the real tool's, not just its per-element fit:
  * an Element object per ROI element holding its x (E as stored, float32), y, its own lmfit Model with parameter
    hints (start values and bounds of Element.setup_model, computed from the float32 x as numpy does), and its score;
  * the element list is shuffled (np.random.shuffle), the Elements are created with Pool.map of an init workhorse
    (E matrix bound into a functools.partial, fork context) and fitted with Pool.map over the Element objects
    (Model.fit(method="leastsq", max_nfev=10 * n_zaps, calc_covar=False, scale_covar=False));
  * zero refits in whole-list rounds: while some element scores < 1e-6 (NaN does not) and fewer than n_refit rounds
    ran, those elements get random start values (drawn in the parent, np.random.rand) and are refitted; a refit
    replaces the element only when its score is higher;
  * the list is sorted back by element index; discontinuity refits: for each element with a finite score, its
    neighbours are the triangles sharing one or two nodes with it (found with np.isin over the whole connectivity,
    as the reference does), NaN-score elements are neither checked nor used; exact 0 scores and an exact 0 median
    count as 1e-12; flagged when score/median lies outside (1/2, 2); refitted once from the parameters of the
    neighbour closest to the median (first in index order on ties) and kept when better.
No bad-element screen and no signed-data selection (regress_data's defaults).

Output CSV columns: element, r2 (final score), seconds (fit time of the element over all its fits), nfev (all its
fits), first_r2 (after the first pass and zero refits), disc_source (neighbour the discontinuity refit started from,
-1 when not refitted), x0, r, amp, y0 (final parameters), capped (1 when the fit that gave the final score stopped at
max_nfev, i.e. leastsq ran out of evaluations instead of converging). A sidecar <out>.json holds the wall-time split, counts and
the CPU time of all processes (parent + pool workers).

Usage: /usr/bin/python3 lmfit_map.py <e.hdf5> <responses.csv> <column> <out.csv> --mesh <demo_mesh.hdf5> --roi <id>
           [--qoi E_mag] [--workers 2] [--refit 50] [--seed 1] [--no-discontinuity-refit] [--limit N]
--limit N fits only elements 0..N-1 (neighbours outside the subset are ignored), for quick checks.
Needs python3-h5py, python3-lmfit (Debian). Not used by CI.
"""
import time

T_START = time.perf_counter()

import argparse, csv, json, multiprocessing, resource
from collections import OrderedDict
from functools import partial
import numpy as np
from lmfit import Model

PARAMS = ('x0', 'r', 'amp', 'y0')
REFIT_THR = 1e-6


def sigmoid4(x, x0, r, amp, y0):
    """y0 + (amp - y0) / (1 + exp(-r (x - x0))), flat int32 max when an exponent reaches 500 (the reference's guard)."""
    z = -r * (x - x0)
    if np.all(z < 500):
        return y0 + (amp - y0) / (1 + np.exp(z))
    return np.full(x.shape, float(np.iinfo(np.int32).max))


class Element:
    """One ROI element's data, model, start values, bounds, restart ranges and latest fit (as pynibs.Element)."""

    def __init__(self, x, y, ele_id):
        self.x, self.y, self.ele_id = x, y, ele_id
        self.var_y = np.var(y)
        self.score = None
        self.best_values = None
        self.nfev = 0
        self.capped = False
        self.seconds = 0.0
        self.gmodel = Model(sigmoid4)
        for p in self.gmodel.param_names:
            self.gmodel.param_hints[p] = OrderedDict()
        self.init_vals, self.random_range = {}, {}
        self.setup_model()

    def set_hints(self, key, values):
        for p, v in values.items():
            self.gmodel.param_hints[p][key] = v
        self.gmodel.make_params()

    def setup_model(self):
        # x is float32: x_max - x_min is a float32 subtraction, the rest widens to float64 (numpy 1.x scalars).
        x_min, x_max = np.min(self.x), np.max(self.x)
        y_min, y_max = np.min(self.y), np.max(self.y)
        if (self.x < 0).all():
            x1, x2, y1, y2 = x_max, x_min, y_max, y_min
        else:
            x1, x2, y1, y2 = x_min, x_max, y_min, y_max
        amp, y0 = y_max, y_min
        x0 = x1 + 3 / 4 * (x2 - x1)
        r = 16 / (x_max - x_min) * (y2 - y1) / (amp - y0)
        self.init_vals = dict(x0=x0, amp=amp, r=r, y0=y0)
        self.set_hints('value', self.init_vals)
        lim = lambda v, floor: (min(floor, v * 100), max(floor, v * 100))
        bounds = dict(x0=lim(x0, 0), amp=lim(amp, 1e-12), r=lim(r, 1e-12), y0=(1e-12, y_max))
        self.set_hints('min', {p: b[0] for p, b in bounds.items()})
        self.set_hints('max', {p: b[1] for p, b in bounds.items()})
        rng = lambda v: (min(0, v * 3), max(0, v * 3))
        self.random_range = dict(x0=rng(x0), amp=rng(amp), r=rng(r), y0=(1e-12, y0 * 3))

    def set_init_vals(self, values):
        self.init_vals.update(values)
        self.set_hints('value', values)

    def set_random_init_vals(self):
        self.set_init_vals({p: np.random.rand() * (hi - lo) + lo for p, (lo, hi) in self.random_range.items()})

    def run_fit(self, max_nfev):
        t = time.perf_counter()
        fit = self.gmodel.fit(self.y, x=self.x, calc_covar=False, method='leastsq', max_nfev=max_nfev,
                              scale_covar=False)
        self.best_values = fit.best_values
        self.score = 1 - np.sum(fit.residual ** 2) / (self.var_y * len(fit.residual))
        self.nfev = fit.nfev
        # leastsq stops at max_nfev without converging (MINPACK info 5); nfev can pass it by the last Jacobian's calls
        self.capped = fit.nfev >= max_nfev
        self.seconds = time.perf_counter() - t


def workhorse_init(ele_id, e_matrix, mep):
    return Element(x=e_matrix[:, ele_id], y=mep, ele_id=ele_id)


def workhorse_fit(element, max_nfev=10):
    element.run_fit(max_nfev=max_nfev * len(element.x))
    return element


def read_triangles(mesh, roi):
    """0-based (n, 3) triangles of /roi_surface/<roi>; 1-based when min is 1 and max equals n_nodes (main/io/roi.ts)."""
    import h5py
    with h5py.File(mesh, 'r') as f:
        tris = f[f'/roi_surface/{roi}/node_number_list'][:].astype(np.int64)
        n_nodes = f[f'/roi_surface/{roi}/node_coord_mid'].shape[0]
    if tris.ndim != 2 or tris.shape[1] != 3:
        raise SystemExit(f'{mesh}: /roi_surface/{roi}/node_number_list has shape {tris.shape}, expected (n, 3)')
    if tris.size and tris.min() == 1 and tris.max() == n_nodes:
        tris = tris - 1
    return tris


def discontinuities(score, con, factor=2):
    """[(element, best neighbour)] by the reference's rule (point neighbours from np.isin, median criterion)."""
    data = score.copy()
    data[data == 0] = 1e-12
    not_fitted = np.isnan(data)
    out = []
    for i in range(len(con)):
        if not_fitted[i]:
            continue
        shared = np.sum(np.isin(con, con[i]), axis=1)
        nb = np.logical_and(shared > 0, shared < 3) & ~not_fitted
        if not nb.any():
            continue
        med = np.median(data[nb])
        if med == 0:
            med = 1e-12
        if 1 / factor < data[i] / med < factor:
            continue
        idx = np.where(nb)[0]
        out.append((i, int(idx[np.abs(data[idx] - med).argmin()])))
    return out


def read_map_inputs(efield, qoi, responses, column, limit=None):
    """E as stored (float32, zaps x elements; the first `limit` elements) and the MEP column, rows with an empty or NaN
    cell dropped from both, as our CLI does. Shared by the reference scripts."""
    import h5py
    with h5py.File(efield, 'r') as f:
        ds = f[qoi]
        n_el = ds.shape[1] if limit is None else min(limit, ds.shape[1])
        e = ds[:, :n_el]
    with open(responses) as fh:
        y = np.array([float(r[column]) for r in csv.DictReader(fh)])
    keep = np.isfinite(y)
    return e[keep], y[keep]


def map_arguments(doc):
    """The inputs both reference scripts take (this stand-in and pynibs_map.py): files, column, QOI, pool, refits, seed."""
    ap = argparse.ArgumentParser(description=doc.split('\n')[0])
    ap.add_argument('efield'); ap.add_argument('responses'); ap.add_argument('column'); ap.add_argument('out')
    ap.add_argument('--qoi', default='E_mag'); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--refit', type=int, default=50, help='max. zero-refit rounds (pyNIBS n_refit)')
    ap.add_argument('--seed', type=int, default=1, help='numpy global seed (shuffle, random restarts)')
    ap.add_argument('--mesh'); ap.add_argument('--roi')
    return ap


def main():
    ap = map_arguments(__doc__)
    ap.add_argument('--no-discontinuity-refit', dest='disc', action='store_false')
    ap.add_argument('--limit', type=int, help='fit only elements 0..N-1 (neighbours outside are ignored)')
    a = ap.parse_args()
    if a.disc and (not a.mesh or not a.roi):
        ap.error('--mesh and --roi are needed for discontinuity refits (or pass --no-discontinuity-refit)')
    np.random.seed(a.seed)

    t0 = time.perf_counter()
    e, y = read_map_inputs(a.efield, a.qoi, a.responses, a.column, a.limit)
    n_el = e.shape[1]
    con = read_triangles(a.mesh, a.roi)[:n_el] if a.disc else None
    t_read = time.perf_counter() - t0

    seconds = np.zeros(n_el)
    nfev = np.zeros(n_el, dtype=np.int64)
    def account(elements):
        for ele in elements:
            seconds[ele.ele_id] += ele.seconds
            nfev[ele.ele_id] += ele.nfev

    elm_idx_list = np.arange(n_el)
    np.random.shuffle(elm_idx_list)
    pool = multiprocessing.get_context('fork').Pool(min(a.workers, multiprocessing.cpu_count(), n_el))
    t1 = time.perf_counter()
    element_list = pool.map(partial(workhorse_init, e_matrix=e, mep=y), elm_idx_list)
    t_init = time.perf_counter() - t1
    fit = partial(workhorse_fit, max_nfev=10)
    t2 = time.perf_counter()
    element_list = pool.map(fit, element_list)
    account(element_list)
    rounds = 0
    while rounds < a.refit:
        idx = [i for i, ele in enumerate(element_list) if ele.score < REFIT_THR]
        if not idx:
            break
        for i in idx:
            element_list[i].set_random_init_vals()
        refits = pool.map(fit, [element_list[i] for i in idx])
        account(refits)
        for i, ele in zip(idx, refits):
            if ele.score > element_list[i].score:
                element_list[i] = ele
        rounds += 1
    t_first = time.perf_counter() - t2
    element_list = [ele for _, ele in sorted(zip(elm_idx_list, element_list), key=lambda t: t[0])]
    first = np.array([ele.score for ele in element_list], dtype=float)

    t3 = time.perf_counter()
    source = np.full(n_el, -1, dtype=np.int64)
    refitted = improved = 0
    if a.disc and n_el > 1:
        plan = discontinuities(first, con)
        t_plan = time.perf_counter() - t3
        for j, nb in plan:
            element_list[j].set_init_vals(element_list[nb].best_values)
            source[j] = nb
        refits = pool.map(fit, [element_list[j] for j, _ in plan])
        account(refits)
        for (j, _), ele in zip(plan, refits):
            refitted += 1
            if ele.score > element_list[j].score:
                element_list[j] = ele
                improved += 1
    else:
        t_plan = 0.0
    t_disc = time.perf_counter() - t3
    pool.close()
    pool.join()

    scores = np.array([ele.score for ele in element_list], dtype=float)
    with open(a.out, 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(['element', 'r2', 'seconds', 'nfev', 'first_r2', 'disc_source', *PARAMS, 'capped'])
        for j, ele in enumerate(element_list):
            w.writerow([j, repr(float(scores[j])), f'{seconds[j]:.6f}', nfev[j], repr(float(first[j])), source[j],
                        *(repr(float(ele.best_values[p])) for p in PARAMS), int(ele.capped)])
    wall = time.perf_counter() - T_START
    ru = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(r.ru_utime + r.ru_stime for r in ru)
    summary = dict(elements=int(n_el), zaps=int(e.shape[0]), workers=a.workers, wall_s=wall, read_s=t_read,
                   init_s=t_init, first_pass_s=t_first, zero_refit_rounds=rounds, discontinuity_s=t_disc,
                   discontinuity_plan_s=t_plan, discontinuity_refit=a.disc, refitted=refitted, improved=improved,
                   cpu_s=cpu, cpu_us_per_element=1e6 * cpu / max(n_el, 1), nfev_mean=float(nfev.mean()),
                   capped=int(sum(ele.capped for ele in element_list)))
    with open(a.out + '.json', 'w') as fh:
        json.dump(summary, fh, indent=1)
    print(f'reference: {n_el} elements x {e.shape[0]} zaps, {a.workers} processes, wall {wall:.1f} s '
          f'(read {t_read:.1f} s, init {t_init:.1f} s, first pass + {rounds} zero-refit rounds {t_first:.1f} s, '
          f'discontinuity refits {t_disc:.1f} s of which planning {t_plan:.1f} s), CPU {cpu:.1f} s = '
          f'{summary["cpu_us_per_element"]:.0f} µs/element, {summary["nfev_mean"]:.1f} evaluations/element')
    if a.disc:
        print(f'reference: discontinuity refits: {refitted} elements refitted, {improved} improved')


if __name__ == '__main__':
    main()
