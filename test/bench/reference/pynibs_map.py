"""The real pyNIBS regress_data (sigmoid4, R2, its defaults) on a map, for side-by-side runs (reference.bench.ts --reference pynibs).

Calls the pyNIBS found by `import pynibs` (a lab's own install, or a checkout on PYTHONPATH); nothing of pyNIBS is
copied here. Same inputs and outputs as lmfit_map.py, the stand-in that runs where pyNIBS is not installed:
E as stored (float32) from <e.hdf5>:/<qoi> (zaps × elements), the MEP column of <responses.csv> (rows with an empty
or NaN cell dropped, as our CLI does), the ROI's triangles for the discontinuity refits, numpy's global seed set
before the call (regress_data shuffles the elements and draws refit starts from it), 2 processes (fork).

Output: <out.csv> with element, r2 (the final score), x0, r, amp, y0; <out.csv>.json with the wall time (process
start to CSV written), the CPU of the parent and its pool (getrusage), and the time of the regress_data call.

--capped, after everything timed: each element's first fit is run again alone, through pyNIBS' own Element and its
Model with run_fit's arguments, to count its evaluations (regress_data does not return them). The CSV gains nfev
and capped: 1 where that fit stopped at max_nfev = 10 · zaps and it gave the final score (an element whose final
score came from a refit gets 0). reference.bench.ts then splits the elements above and below the reference by it.
One process, ~30 ms per element.

Usage: python3 pynibs_map.py <e.hdf5> <responses.csv> <column> <out.csv> --mesh <demo_mesh.hdf5> --roi <id>
           [--qoi E_mag] [--workers 2] [--refit 50] [--seed 1] [--capped]
Needs pyNIBS with its dependencies (lmfit, h5py, pandas, scipy, scikit-learn). Not used by CI.
"""
import time

T_START = time.perf_counter()

import csv, json, os, resource, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lmfit_map import PARAMS, map_arguments, read_map_inputs, read_triangles  # noqa: E402  (inputs and ROI read, shared with the stand-in)


def main():
    import pynibs

    ap = map_arguments(__doc__)
    ap.add_argument('--capped', action='store_true', help='count each first fit\'s evaluations afterwards (untimed)')
    a = ap.parse_args()
    if not a.mesh or not a.roi:
        ap.error('--mesh and --roi are needed (regress_data refits discontinuities over the ROI triangles)')
    np.random.seed(a.seed)

    e, y = read_map_inputs(a.efield, a.qoi, a.responses, a.column)
    con = read_triangles(a.mesh, a.roi)
    t_read = time.perf_counter() - T_START

    t = time.perf_counter()
    score, best = pynibs.regress_data(e_matrix=e, mep=y, fun=pynibs.expio.fit_funs.sigmoid4, n_cpu=a.workers,
                                      con=con, n_refit=a.refit, return_fits=True, score_type='R2',
                                      refit_discontinuities=True)
    t_regress = time.perf_counter() - t

    with open(a.out, 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['element', 'r2', *PARAMS])
        for j, s in enumerate(score):
            w.writerow([j, repr(float(s)), *(repr(float(best[j][p])) for p in PARAMS)])
    wall = time.perf_counter() - T_START
    ru = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(r.ru_utime + r.ru_stime for r in ru)
    n_el = len(score)
    summary = dict(elements=n_el, zaps=int(e.shape[0]), workers=a.workers, wall_s=wall, read_s=t_read,
                   regress_data_s=t_regress, cpu_s=cpu, cpu_us_per_element=1e6 * cpu / max(n_el, 1),
                   pynibs=getattr(pynibs, '__version__', 'unknown'))
    with open(a.out + '.json', 'w') as fh:
        json.dump(summary, fh, indent=1)
    print(f'pyNIBS regress_data: {n_el} elements x {e.shape[0]} zaps, {a.workers} processes, wall {wall:.1f} s '
          f'(read {t_read:.1f} s, regress_data {t_regress:.1f} s), CPU {cpu:.1f} s = '
          f'{summary["cpu_us_per_element"]:.0f} µs/element')
    if a.capped:
        first_fits(e, y, score, a.out)


def first_fit(x, y, j):
    """Element j's first fit alone, through pyNIBS' own Element and Model with run_fit's arguments (leastsq,
    max_nfev = 10 · zaps): its score and evaluation count. Start values and bounds come from x as given."""
    import pynibs
    from pynibs.regression import Element

    ele = Element(x=x, y=y, ele_id=j, fun=pynibs.expio.fit_funs.sigmoid4, score_type='R2',
                  select_signed_data=False, constants=None)
    fit = ele.gmodel.fit(ele.y_passed, x=ele.x, calc_covar=False, method='leastsq', max_nfev=10 * len(y),
                         scale_covar=False)
    ele.best_values, ele.residual = fit.best_values, fit.residual
    ele.calc_score()
    return ele.score, fit.nfev


def first_fits(e, y, score, out):
    """Reruns every element's first fit (the reference's start) alone and adds nfev and capped to the CSV."""
    max_nfev = 10 * len(y)
    nfev, capped = [], []
    for j in range(e.shape[1]):
        s, n = first_fit(e[:, j], y, j)
        nfev.append(n)
        capped.append(int(n >= max_nfev and s == score[j]))
    with open(out) as fh:
        rows = list(csv.reader(fh))
    with open(out, 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow([*rows[0], 'nfev', 'capped'])
        for row, n, c in zip(rows[1:], nfev, capped):
            w.writerow([*row, n, c])
    print(f'first fits rerun alone: {np.mean(nfev):.1f} evaluations per element (median {np.median(nfev):.0f}), '
          f'{sum(capped)} elements whose final score is a fit stopped at max_nfev = {max_nfev}')


if __name__ == '__main__':
    main()
