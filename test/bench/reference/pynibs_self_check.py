"""How far pyNIBS' own scores move under a rounding-level change: every element's fit again, from start values
computed from E in float64 instead of float32, against the scores of a pynibs_map.py run.

pyNIBS computes each element's start values and bounds from E as stored (float32 in the users' files); lmfit then
fits in float64 either way. Cast to float64 first, the starts differ by float32 rounding only (~1e-7 relative), and
the fits are otherwise pyNIBS' own: its Element and Model, run_fit's arguments (leastsq, max_nfev = 10 · zaps). The
report says how many elements end more than 1e-3 below or above the reference's final scores and how many within
1e-6: the yardstick for "matches the reference" that the reference itself meets. (Its final scores include zero and
discontinuity refits; on a map that needs none, as the benchmark map, they are the first fits.)

Usage: python3 pynibs_self_check.py <e.hdf5> <responses.csv> <column> <reference.csv> [--qoi E_mag] [--out <json>]
One process, ~35 ms per element. Needs pyNIBS (`import pynibs`) with lmfit and h5py. Not used by CI.
"""
import argparse, csv, json, os, sys, time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lmfit_map import read_map_inputs  # noqa: E402
from pynibs_map import first_fit  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('efield')
    ap.add_argument('responses')
    ap.add_argument('column')
    ap.add_argument('reference', help='a CSV written by pynibs_map.py (element, r2, …)')
    ap.add_argument('--qoi', default='E_mag')
    ap.add_argument('--out', help='write the scores and the summary as JSON')
    a = ap.parse_args()

    e, y = read_map_inputs(a.efield, a.qoi, a.responses, a.column)
    with open(a.reference) as fh:
        ref = {int(r['element']): float(r['r2']) for r in csv.DictReader(fh)}

    t = time.process_time()
    scores = np.full(e.shape[1], np.nan)
    for j in range(e.shape[1]):
        scores[j], _ = first_fit(e[:, j].astype(np.float64), y, j)
    cpu = time.process_time() - t

    d = scores - np.array([ref[j] for j in range(e.shape[1])])
    summary = dict(elements=int(e.shape[1]), below=int((d < -1e-3).sum()), above=int((d > 1e-3).sum()),
                   within_1e6=int((np.abs(d) < 1e-6).sum()), largest_shortfall=float(np.nanmin(d)), cpu_s=cpu)
    print(f'pyNIBS from float64 starts against its own scores: {summary["below"]} elements more than 1e-3 below '
          f'(largest shortfall {summary["largest_shortfall"]:.2e}), {summary["above"]} above, '
          f'{summary["within_1e6"]} of {summary["elements"]} within 1e-6 ({cpu:.0f} s CPU)')
    if a.out:
        with open(a.out, 'w') as fh:
            json.dump(dict(summary, scores=[float(s) for s in scores]), fh)


if __name__ == '__main__':
    main()
