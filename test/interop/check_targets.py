#!/usr/bin/env python3
"""Reads a targets/ folder the way the navigators and SimNIBS would, and prints what it found as JSON.

Usage: python3 check_targets.py <targets-dir> <scratch-dir>
- XML: xml.etree.ElementTree (expat: any malformed XML raises);
- Brainsight: the header lines and tab-separated rows as SimNIBS' brainsight.read parses them;
- SimNIBS scripts: ast.parse, then run twice with a stand-in `simnibs` package on sys.path (stdlib + numpy only):
  as written (must stop, asking for HEAD_MESH and COIL) and with the placeholders filled in (must run, setting
  TMSoptimize's attributes and writing the optimised pose through simnibs.utils.nnav).
"""
import ast
import csv
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

STUB_INIT = ''
STUB_OPT = '''
import json, os
import numpy as np
class TMSoptimize:
    def run(self):
        os.makedirs(self.pathfem, exist_ok=True)
        attrs = {k: v for k, v in vars(self).items()}
        with open(os.environ['STUB_OUT'], 'w') as f:
            json.dump(attrs, f)
        return np.array([np.eye(4)])
'''
STUB_NNAV = '''
import os
class localite:
    def write(self, matsimnibs, xml_fn, names=None, overwrite=False, out_coord_space='RAS'):
        open(xml_fn, 'w').write(str(names))
class brainsight:
    def write(self, matsimnibs, fn, names=None, overwrite=False):
        open(fn, 'w').write(str(names))
'''


def stub_package(scratch):
    pkg = os.path.join(scratch, 'stub', 'simnibs')
    os.makedirs(os.path.join(pkg, 'utils'), exist_ok=True)
    for rel, text in (('__init__.py', STUB_INIT), ('opt_struct.py', STUB_OPT), ('utils/__init__.py', ''),
                      ('utils/nnav.py', STUB_NNAV)):
        with open(os.path.join(pkg, rel), 'w') as f:
            f.write(text)
    return os.path.dirname(pkg)


def brainsight(path):
    header = {}
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    cols = None
    rows = []
    for line in lines:
        if line.startswith('# Target Name'):
            cols = line[2:].split('\t')
        elif line.startswith('# ') and ':' in line:
            k, v = line[2:].split(':', 1)
            header[k] = v.strip()
        elif line:
            rows.append(line)
    parsed = [dict(zip(cols, r)) for r in csv.reader(rows, delimiter='\t')]
    return {'header': header, 'columns': cols, 'rows': parsed}


def vec(el):
    v = el.find('Marker/ColVec3D')
    return [float(v.get(k)) for k in ('data0', 'data1', 'data2')]


def main():
    folder, scratch = sys.argv[1], sys.argv[2]
    out = {'brainsight': brainsight(os.path.join(folder, 'targets_brainsight.txt'))}
    root = ET.parse(os.path.join(folder, 'targets_localite.xml')).getroot()
    out['entryTargets'] = {
        'tag': root.tag,
        'space': root.get('coordinateSpace'),
        'targets': [vec(t) for t in root.findall('Target')],
        'entries': [vec(e) for e in root.findall('Entry')],
    }
    markers = os.path.join(folder, 'instrument_markers_localite.xml')
    if os.path.exists(markers):
        root = ET.parse(markers).getroot()
        out['markers'] = {
            'tag': root.tag,
            'space': root.get('coordinateSpace'),
            'matrices': [
                [float(m.find('Marker/Matrix4D').get(f'data{r}{c}')) for r in range(4) for c in range(4)]
                for m in root.findall('InstrumentMarker')
            ],
        }
    stub = stub_package(scratch)
    scripts = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.py'):
            continue
        text = open(os.path.join(folder, name), encoding='utf-8').read()
        ast.parse(text, filename=name)
        env = dict(os.environ, PYTHONPATH=stub, STUB_OUT=os.path.join(scratch, name + '.json'))
        work = os.path.join(scratch, name[:-3])
        os.makedirs(work, exist_ok=True)
        as_is = os.path.join(work, name)
        with open(as_is, 'w') as f:
            f.write(text)
        # the scripts differ only in their numbers: run one as written (each run imports numpy: ~1 s)
        unfilled = subprocess.run([sys.executable, as_is], env=env, capture_output=True, text=True) if not scripts else None
        filled = text.replace('HEAD_MESH = None', "HEAD_MESH = 'm2m_x/x.msh'").replace('COIL = None', "COIL = 'coil.ccd'")
        with open(as_is, 'w') as f:
            f.write(filled)
        ran = subprocess.run([sys.executable, as_is], env=env, capture_output=True, text=True)
        attrs = json.load(open(env['STUB_OUT'])) if ran.returncode == 0 else None
        written = sorted(os.listdir(attrs['pathfem'])) if attrs else []
        scripts[name] = {
            'unfilledExit': unfilled.returncode if unfilled else None,
            'unfilledMessage': unfilled.stderr.strip().split('\n')[-1] if unfilled else None,
            'filledExit': ran.returncode,
            'filledStderr': ran.stderr[-2000:],
            'attrs': attrs,
            'written': written,
        }
    out['scripts'] = scripts
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
