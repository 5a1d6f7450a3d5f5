"""Two score CSVs of the same map against each other, as reference.bench.ts compares ours with the reference's.

For each element both have: how many end more than 1e-3 below or above the first file's score, how many within 1e-6,
the largest shortfall, and each file's best element. Meant for reference against reference: pynibs_map.py on two
machines, or on one machine with numpy's AVX-512 kernels switched off (NPY_DISABLE_CPU_FEATURES; numpy's float64
exp there is its own SIMD code, elsewhere the C library's, and the two differ in the last bit for about a quarter of
all arguments), to see how far the reference reproduces itself.

Usage: python3 compare_scores.py <first.csv> <second.csv> [--out <json>]
Reads the element and r2 columns that pynibs_map.py, lmfit_map.py and pynibs_self_check.py's inputs share. Needs
numpy only. Not used by CI.
"""
import argparse, csv, json, sys

import numpy as np


def read_scores(path):
    with open(path) as fh:
        rows = list(csv.DictReader(fh))
    if not rows or 'element' not in rows[0] or 'r2' not in rows[0]:
        sys.exit(f'{path}: expected a CSV with the columns element and r2')
    return {int(r['element']): float(r['r2']) for r in rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('first')
    ap.add_argument('second')
    ap.add_argument('--out', help='write the summary as JSON')
    a = ap.parse_args()

    first, second = read_scores(a.first), read_scores(a.second)
    common = sorted(set(first) & set(second))
    if not common:
        sys.exit(f'{a.first} and {a.second} share no element')
    f = np.array([first[j] for j in common])
    s = np.array([second[j] for j in common])
    d = s - f
    summary = dict(elements=len(common), below=int((d < -1e-3).sum()), above=int((d > 1e-3).sum()),
                   within_1e6=int((np.abs(d) < 1e-6).sum()), largest_shortfall=float(np.nanmin(d)),
                   best_first=common[int(np.nanargmax(f))], best_second=common[int(np.nanargmax(s))])
    print(f'{a.second} against {a.first}: {summary["below"]} of {summary["elements"]} elements more than 1e-3 below '
          f'(largest shortfall {summary["largest_shortfall"]:.2e}), {summary["above"]} above, '
          f'{summary["within_1e6"]} within 1e-6; best element {summary["best_first"]} and {summary["best_second"]}')
    if a.out:
        with open(a.out, 'w') as fh:
            json.dump(summary, fh)


if __name__ == '__main__':
    main()
