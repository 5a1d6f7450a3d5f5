"""The reference per-element fit, for side-by-side comparison with TMS Mapper (test/bench/reference.bench.ts).

Re-implements what pyNIBS regress_data / nl_hdf5 do with their defaults for sigmoid4 and the R² score, over an
e.hdf5 + responses CSV with one process per core:
  1. bad-element screen (get_bad_elms): a linear fit per element; negative slope -> not fitted (score NaN);
  2. first pass: Element.setup_model start values and bounds, lmfit leastsq, max_nfev = 10 * n_zaps;
  3. zero refits: elements scoring < 1e-6 are refitted from random starts (up to --refit rounds), best kept;
  4. discontinuity refits (refit_discontinuities=True, on unless --no-discontinuity-refit): neighbours are the
     ROI triangles sharing at least one node (self excluded); element j is flagged when
     score_j / median(finite neighbour scores) lies outside (1/2, 2) (elements without a finite score and
     neighbourhoods whose median is not > 0 are skipped, as are elements the bad-element screen skipped); j is
     refitted once from the parameters of the neighbour whose score is closest to that median (lowest index on
     ties), with j's own bounds, and the better score is kept. Same rule as main/job/discontinuity.ts.

Output CSV columns: element, r2 (final score), seconds (fit time of the element over all its fits), nfev (all its
fits), then first_r2 (after first pass + zero refits), disc_source (neighbour the discontinuity refit started from,
-1 when not refitted), x0, r, amp, y0 (final parameters). A sidecar <out>.json holds the wall-time split and counts.

Usage: /usr/bin/python3 lmfit_map.py <e.hdf5> <responses.csv> <column> <out.csv> --mesh <demo_mesh.hdf5> --roi <id>
           [--qoi E_mag] [--workers 2] [--refit 50] [--no-discontinuity-refit] [--limit N]
--mesh/--roi are needed unless --no-discontinuity-refit. --limit N fits only elements 0..N-1 (neighbours outside
the subset are ignored), for quick checks.
Needs python3-h5py, python3-lmfit (Debian). Not used by CI.
"""
import time

T_START = time.perf_counter()

import argparse, csv, json
from multiprocessing import Pool
import numpy as np

N_REFIT = 50
DEVIATION_FACTOR = 2.0
PARAMS = ('x0', 'r', 'amp', 'y0')
_MODEL = None


def sigmoid4(x, x0, r, amp, y0):
    z = -r * (x - x0)
    if np.any(z > 500):  # the reference's overflow guard
        return np.full_like(x, 2147483647.0)
    return y0 + (amp - y0) / (1 + np.exp(z))


def setup_model(x, y):
    """Element.setup_model for sigmoid4: data-driven start values and the bounds around them."""
    xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    y0 = ymin; amp = ymax; x0 = xmin + 0.75 * (xmax - xmin); r = 16 / (xmax - xmin) * (ymax - ymin) / (amp - y0)
    start = dict(x0=x0, r=r, amp=amp, y0=y0)
    bounds = dict(x0=(min(0, 100 * x0), max(0, 100 * x0)), r=(min(1e-12, 100 * r), max(1e-12, 100 * r)),
                  amp=(min(1e-12, 100 * amp), max(1e-12, 100 * amp)), y0=(1e-12, ymax))
    return start, bounds


def fit_from(x, y, start, bounds):
    """One lmfit leastsq fit from `start` (clipped into `bounds` by lmfit); returns (R², params tuple, nfev)."""
    global _MODEL
    if _MODEL is None:  # one Model per process; its hints are all reset below
        import lmfit
        _MODEL = lmfit.Model(sigmoid4)
    model = _MODEL
    n = len(x)
    for p in PARAMS:
        model.set_param_hint(p, value=start[p], min=bounds[p][0], max=bounds[p][1])
    fit = model.fit(y, model.make_params(), x=x, method='leastsq', max_nfev=10 * n, calc_covar=False, scale_covar=False)
    score = 1 - np.sum(fit.residual ** 2) / (np.var(y) * n)
    return score, tuple(float(fit.params[p].value) for p in PARAMS), fit.nfev


def first_pass(args):
    """Bad-element screen, first fit and zero refits of one element: (j, score, params, seconds, nfev)."""
    j, x, y, seed = args
    t = time.perf_counter()
    nan4 = (np.nan,) * 4
    slope = np.polyfit(x, y, 1)[0]
    if slope < 0:  # get_bad_elms: negative linear slope -> not fitted
        return j, np.nan, nan4, time.perf_counter() - t, 0
    start, bounds = setup_model(x, y)
    best, params, nfev = fit_from(x, y, start, bounds)
    rng = np.random.default_rng(seed)
    rounds = 0
    while best < 1e-6 and rounds < N_REFIT:  # zero refits from random starts in [0, 3·v], y0 in [1e-12, 3·y0]
        v = dict(x0=rng.uniform(0, 3 * start['x0']), r=rng.uniform(0, 3 * start['r']),
                 amp=rng.uniform(0, 3 * start['amp']), y0=rng.uniform(1e-12, 3 * start['y0']))
        s, p, k = fit_from(x, y, v, bounds)
        nfev += k
        if s > best:
            best, params = s, p
        rounds += 1
    return j, best, params, time.perf_counter() - t, nfev


def discontinuity_refit(args):
    """One fit of element j from a neighbour's parameters, with j's own bounds: (j, score, params, seconds, nfev)."""
    j, x, y, src_params = args
    t = time.perf_counter()
    _, bounds = setup_model(x, y)
    s, p, k = fit_from(x, y, dict(zip(PARAMS, src_params)), bounds)
    return j, s, p, time.perf_counter() - t, k


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
    if tris.size and (tris.min() < 0 or tris.max() >= n_nodes):
        raise SystemExit(f'{mesh}: node index out of range 0..{n_nodes - 1} in /roi_surface/{roi}/node_number_list')
    return tris


def triangle_neighbours(tris, n):
    """For triangles 0..n-1: the triangles < n sharing at least one node (self excluded, ascending)."""
    tris = tris[:n]
    by_node = {}
    for t, tri in enumerate(tris):
        for v in tri:
            by_node.setdefault(int(v), []).append(t)
    out = []
    for t, tri in enumerate(tris):
        s = set()
        for v in tri:
            s.update(by_node[int(v)])
        s.discard(t)
        out.append(sorted(s))
    return out


def plan_discontinuity_refits(scores, neighbours, candidates, factor=DEVIATION_FACTOR):
    """[(j, source neighbour)] to refit; the rule of main/job/discontinuity.ts (planDiscontinuityRefits)."""
    plan = []
    for j in candidates:
        s = scores[j]
        if not np.isfinite(s):
            continue
        vals = [scores[k] for k in neighbours[j] if np.isfinite(scores[k])]
        if not vals:
            continue
        med = float(np.median(vals))
        if not med > 0:
            continue
        ratio = s / med
        if 1 / factor < ratio < factor:
            continue
        best, best_diff = -1, np.inf
        for k in neighbours[j]:  # ascending, strict < keeps the lowest index on ties
            if not np.isfinite(scores[k]):
                continue
            d = abs(scores[k] - med)
            if d < best_diff:
                best, best_diff = k, d
        plan.append((j, best))
    return plan


def main():
    import h5py
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('efield'); ap.add_argument('responses'); ap.add_argument('column'); ap.add_argument('out')
    ap.add_argument('--qoi', default='E_mag'); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--refit', type=int, default=50, help='max. zero-refit rounds (pyNIBS n_refit)')
    ap.add_argument('--mesh', help='mesh file with /roi_surface/<roi>/node_number_list (for discontinuity refits)')
    ap.add_argument('--roi', help='ROI id in --mesh')
    ap.add_argument('--no-discontinuity-refit', dest='disc', action='store_false')
    ap.add_argument('--limit', type=int, help='fit only elements 0..N-1 (neighbours outside are ignored)')
    a = ap.parse_args()
    if a.disc and (not a.mesh or not a.roi):
        ap.error('--mesh and --roi are needed for discontinuity refits (or pass --no-discontinuity-refit)')
    global N_REFIT
    N_REFIT = a.refit

    t0 = time.perf_counter()
    with h5py.File(a.efield, 'r') as f:
        ds = f[a.qoi]
        n_el = ds.shape[1] if a.limit is None else min(a.limit, ds.shape[1])
        e = ds[:, :n_el].astype(np.float64)
    with open(a.responses) as fh:
        rows = list(csv.DictReader(fh))
    y = np.array([float(r[a.column]) for r in rows])
    keep = np.isfinite(y)
    e, y = e[keep], y[keep]
    tris = read_triangles(a.mesh, a.roi) if a.disc else None
    if tris is not None and a.limit is None and len(tris) != n_el:
        raise SystemExit(f'{a.mesh}:{a.roi} has {len(tris)} triangles but {a.efield} has {n_el} elements')
    t_read = time.perf_counter() - t0

    scores = np.full(n_el, np.nan)
    first = np.full(n_el, np.nan)
    params = np.full((n_el, 4), np.nan)
    seconds = np.zeros(n_el)
    first_seconds = np.zeros(n_el)
    nfev = np.zeros(n_el, dtype=np.int64)
    source = np.full(n_el, -1, dtype=np.int64)
    refitted = improved = 0
    with Pool(a.workers) as pool:
        t1 = time.perf_counter()
        for j, s, p, sec, nf in pool.imap(first_pass, ((j, e[:, j].copy(), y, j) for j in range(n_el)), chunksize=64):
            scores[j] = first[j] = s; params[j] = p; seconds[j] = first_seconds[j] = sec; nfev[j] = nf
        t_first = time.perf_counter() - t1

        t2 = time.perf_counter()
        if a.disc:
            neighbours = triangle_neighbours(tris, n_el)
            # the bad-element screen's elements are not candidates (their score is NaN, so the rule skips them too)
            candidates = [j for j in range(n_el) if np.isfinite(first[j])]
            plan = plan_discontinuity_refits(first, neighbours, candidates)
            jobs = [(j, e[:, j].copy(), y, tuple(params[src])) for j, src in plan]
            chunk = max(1, len(jobs) // (8 * a.workers))
            for (j, s, p, sec, nf), (_, src) in zip(pool.imap(discontinuity_refit, jobs, chunksize=chunk), plan):
                seconds[j] += sec; nfev[j] += nf; source[j] = src
                refitted += 1
                if s > scores[j]:  # keep the better fit
                    scores[j] = s; params[j] = p
                    improved += 1
        t_disc = time.perf_counter() - t2

    with open(a.out, 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(['element', 'r2', 'seconds', 'nfev', 'first_r2', 'disc_source', *PARAMS])
        for j in range(n_el):
            w.writerow([j, repr(float(scores[j])), f'{seconds[j]:.6f}', nfev[j], repr(float(first[j])), source[j],
                        *(repr(float(v)) for v in params[j])])
    wall = time.perf_counter() - T_START
    summary = dict(elements=int(n_el), zaps=int(e.shape[0]), workers=a.workers, wall_s=wall, read_s=t_read,
                   first_pass_s=t_first, discontinuity_s=t_disc, discontinuity_refit=a.disc,
                   refitted=refitted, improved=improved,
                   median_ms_per_element=1000 * float(np.median(first_seconds)) if n_el else float('nan'))
    with open(a.out + '.json', 'w') as fh:
        json.dump(summary, fh, indent=1)
    print(f'reference: {n_el} elements x {e.shape[0]} zaps, {a.workers} processes, wall {wall:.1f} s '
          f'(read {t_read:.1f} s, first pass + zero refits {t_first:.1f} s, discontinuity refits {t_disc:.1f} s), '
          f'median {summary["median_ms_per_element"]:.2f} ms/element (first pass)')
    if a.disc:
        print(f'reference: discontinuity refits: {refitted} elements refitted, {improved} improved')
    else:
        print('reference: discontinuity refits off')


if __name__ == '__main__':
    main()
