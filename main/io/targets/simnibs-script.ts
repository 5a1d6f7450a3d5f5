// A SimNIBS script per hotspot that runs TMSoptimize for the coil pose over the target, once head mesh and coil are filled in.
import type { HotspotTarget } from './hotspot-targets';
import { safeName } from './hotspot-targets';

export function simnibsScriptFile(t: HotspotTarget): string {
  return `tmsoptimize_${safeName(t.response)}_${t.qoi}.py`;
}

const py = (v: number): string => (Number.isFinite(v) ? String(v) : 'float("nan")');
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

/**
 * Python for SimNIBS ≥ 4 (`simnibs_python`): `opt_struct.TMSoptimize` with the hotspot centroid as `target`
 * (subject space, mm) and SimNIBS' own defaults written out; HEAD_MESH and COIL are None placeholders that stop
 * the script with a message until filled in. Writes opt_coil_pos.xml (Localite) and the optimal matsimnibs.
 */
export function simnibsScript(t: HotspotTarget, createdBy: string): string {
  const folder = `tmsoptimize_${safeName(t.response)}_${t.qoi}`;
  const best = t.best;
  const centreHint = best
    ? `# tms_opt.centre = [${[3, 7, 11].map((k) => py(best.pose[k])).join(', ')}]  # search around the best recorded coil centre (zap ${best.zap})`
    : '# tms_opt.centre = [x, y, z]  # a scalp point to centre the search on (default: the target projected to the scalp)';
  return `# SimNIBS TMSoptimize for the hotspot of ${oneLine(t.response)} (${t.qoi}): element ${t.element}, ${t.scoreType} ${py(t.score)}.
# ${oneLine(createdBy)}
# Target = centroid of the hotspot element, mm, in the head mesh's subject space (SimNIBS: x right, y anterior,
# z superior; the world of the subject's NIfTI T1). Run with SimNIBS' Python once the two FILL IN lines are set:
#     simnibs_python ${simnibsScriptFile(t)}
# Results go to ${folder}/ next to this script: SimNIBS' simulation of the best pose (.msh, .geo) and, written
# below, opt_coil_pos.txt (matsimnibs: 4x4, SimNIBS coil axes, mm), opt_coil_pos.xml (Localite instrument marker,
# RAS) and opt_coil_pos_brainsight.txt (Brainsight target, NIfTI:Aligned).
import os
import sys

import numpy as np
from simnibs import opt_struct
from simnibs.utils.nnav import brainsight, localite

HEAD_MESH = None  # FILL IN: the subject's head mesh, e.g. 'm2m_subject/subject.msh' (the mesh the ROI was cut from)
COIL = None  # FILL IN: the coil file, e.g. 'Magstim_70mm_Fig8.ccd' (method 'ADM' below needs a .ccd coil)

if HEAD_MESH is None or COIL is None:
    sys.exit('Fill in HEAD_MESH and COIL at the top of %s first.' % os.path.basename(__file__))

here = os.path.dirname(os.path.abspath(__file__))
tms_opt = opt_struct.TMSoptimize()
tms_opt.fnamehead = HEAD_MESH
tms_opt.fnamecoil = COIL
tms_opt.pathfem = os.path.join(here, '${folder}')
tms_opt.target = [${t.centroid.map(py).join(', ')}]  # mm, subject space
# SimNIBS' defaults, written out; the pyNIBS protocol used the values in brackets.
tms_opt.target_size = 5  # mm [0.5]
tms_opt.distance = 4  # coil-scalp distance, mm [1]
tms_opt.didt = 1e6  # A/s
tms_opt.search_radius = 20  # mm [15]
tms_opt.spatial_resolution = 5  # mm [2]
tms_opt.search_angle = 360  # degrees [180]
tms_opt.angle_resolution = 30  # degrees [15]
tms_opt.method = 'direct'  # ['ADM': much faster, needs a .ccd coil]
tms_opt.open_in_gmsh = False
${centreHint}

best = np.asarray(tms_opt.run())[0]  # the best pose, 4x4
name = '${t.name}_optimised'
np.savetxt(os.path.join(tms_opt.pathfem, 'opt_coil_pos.txt'), best)
localite().write(best, os.path.join(tms_opt.pathfem, 'opt_coil_pos.xml'), names=[name], overwrite=True)
brainsight().write(best, os.path.join(tms_opt.pathfem, 'opt_coil_pos_brainsight.txt'), names=[name], overwrite=True)
print('optimal coil pose (matsimnibs, mm):')
print(best)
`;
}
