// Writes the synthetic demo dataset in the users' own file layouts and caches it in the user's data folder, keyed by its recipe.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  generateDemo,
  resolveDemoRecipe,
  type DemoDataset,
  type DemoOptions,
  type DemoTruth,
} from '../../workers/synth';
import { createH5, ensureGroup } from './h5';
import { fsErrorToAppError, writeAtomically } from './atomic-write';

export const DEMO_FILES = {
  mesh: 'demo_mesh.hdf5',
  efield: 'e.hdf5',
  responses: 'responses.csv',
  truth: 'truth.json',
  manifest: 'manifest.json',
} as const;

/** The ROI id inside the demo mesh file (a label, as in recent SimNIBS/pyNIBS files). */
export const DEMO_ROI_ID = 'midlayer_demo';

export interface DemoFiles {
  dir: string;
  meshFile: string;
  roiId: string;
  efieldFile: string;
  responsesFile: string;
  truthFile: string;
  /** What the demo was generated from and what a mapping should find. */
  truth: DemoTruthFile;
  /** True when this call generated the files (false: the cache matched the recipe). */
  generated: boolean;
  /** Generation + writing time when generated, else 0. */
  seconds: number;
}

/** truth.json: the generator's truth plus the per-zap coil placements and the file names. */
export interface DemoTruthFile extends DemoTruth {
  files: { mesh: string; roiId: string; efield: string; responses: string };
  zaps: { condition: string; mso: number; dIdt: number; angle: number; centre: [number, number, number] }[];
}

interface Manifest {
  recipe: ReturnType<typeof resolveDemoRecipe>;
  files: string[];
  generatedAt: string;
}

/** The user's data folder for the demo: $XDG_DATA_HOME or ~/.local/share, %APPDATA%, or ~/Library/Application Support. */
export function defaultDemoCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = homedir();
  let base: string;
  if (platform === 'win32') base = env.APPDATA || join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else base = env.XDG_DATA_HOME || join(home, '.local', 'share');
  return join(base, 'tms-mapper', 'demo');
}

/** Elements per chunk so that one chunk (all zaps × a block of elements) holds about 1 MiB of float32. */
export function efieldChunkColumns(nZaps: number, nElements: number): number {
  return Math.max(1, Math.min(nElements, Math.floor((1 << 18) / Math.max(1, nZaps))));
}

function readManifest(path: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/**
 * Returns the demo files in `dir`, generating them when missing or when the recipe (generator
 * version, seed and every parameter) differs from the one recorded in the manifest. The manifest is
 * removed first and written last, so an interrupted run regenerates next time.
 */
export async function ensureDemoDataset(
  dir: string = defaultDemoCacheDir(),
  opts: DemoOptions = {},
  onProgress?: (done: number, total: number) => void,
): Promise<DemoFiles> {
  const recipe = resolveDemoRecipe(opts);
  const paths = {
    meshFile: join(dir, DEMO_FILES.mesh),
    efieldFile: join(dir, DEMO_FILES.efield),
    responsesFile: join(dir, DEMO_FILES.responses),
    truthFile: join(dir, DEMO_FILES.truth),
  };
  const manifestFile = join(dir, DEMO_FILES.manifest);
  const manifest = readManifest(manifestFile);
  const allThere = Object.values(paths).every((p) => existsSync(p));
  if (manifest && allThere && JSON.stringify(manifest.recipe) === JSON.stringify(recipe)) {
    try {
      const truth = JSON.parse(readFileSync(paths.truthFile, 'utf8')) as DemoTruthFile;
      return { dir, ...paths, roiId: DEMO_ROI_ID, truth, generated: false, seconds: 0 };
    } catch {
      /* an unreadable truth.json: regenerate below */
    }
  }

  const started = performance.now();
  try {
    mkdirSync(dir, { recursive: true });
    rmSync(manifestFile, { force: true });
  } catch (e) {
    throw fsErrorToAppError(e, dir);
  }
  const demo = generateDemo(opts, onProgress);
  await writeDemoMesh(paths.meshFile, demo);
  await writeDemoEfield(paths.efieldFile, demo);
  await writeAtomically(paths.responsesFile, (tmp) => writeFileSync(tmp, demoResponsesCsv(demo)));
  const truth = demoTruthFile(demo);
  await writeAtomically(paths.truthFile, (tmp) => writeFileSync(tmp, `${JSON.stringify(truth, null, 1)}\n`));
  const done: Manifest = {
    recipe,
    files: Object.values(DEMO_FILES).filter((f) => f !== DEMO_FILES.manifest),
    generatedAt: new Date().toISOString(),
  };
  await writeAtomically(manifestFile, (tmp) => writeFileSync(tmp, `${JSON.stringify(done, null, 1)}\n`));
  return {
    dir,
    ...paths,
    roiId: DEMO_ROI_ID,
    truth,
    generated: true,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The mesh file layout of the pyNIBS protocol: /roi_surface/<id>/{node_coord_mid, node_number_list (0-based), tri_center_coord_mid}. */
async function writeDemoMesh(path: string, demo: DemoDataset): Promise<void> {
  const { cortex } = demo;
  await writeAtomically(path, async (tmp) => {
    const f = await createH5(tmp);
    try {
      const g = ensureGroup(f, `/roi_surface/${DEMO_ROI_ID}`);
      g.create_dataset({
        name: 'node_coord_mid',
        data: cortex.nodes,
        shape: [cortex.nNodes, 3],
        dtype: '<d',
      });
      g.create_dataset({
        name: 'node_number_list',
        data: Int32Array.from(cortex.triangles),
        shape: [cortex.nTriangles, 3],
        dtype: '<i',
      });
      g.create_dataset({
        name: 'tri_center_coord_mid',
        data: cortex.centroids,
        shape: [cortex.nTriangles, 3],
        dtype: '<d',
      });
    } finally {
      f.close();
    }
  });
}

/** e.hdf5: /E_mag, /E_norm, /E_tan float32 (zaps × elements), chunked as all zaps × a block of elements for column reads. */
async function writeDemoEfield(path: string, demo: DemoDataset): Promise<void> {
  const nZaps = demo.zaps.length;
  const nElements = demo.cortex.nTriangles;
  const chunks = [nZaps, efieldChunkColumns(nZaps, nElements)];
  await writeAtomically(path, async (tmp) => {
    const f = await createH5(tmp);
    try {
      for (const qoi of ['E_mag', 'E_norm', 'E_tan'] as const) {
        f.create_dataset({
          name: qoi,
          data: demo.efield[qoi],
          shape: [nZaps, nElements],
          dtype: '<f',
          chunks,
        });
      }
    } finally {
      f.close();
    }
  });
}

/** One row per zap in acquisition order: zap (0-based), condition (block), intensity (realised dI/dt, A/µs), p2p_<muscle> (mV). */
export function demoResponsesCsv(demo: DemoDataset): string {
  const names = demo.truth.muscles.map((m) => m.muscle);
  const lines = [['zap', 'condition', 'intensity', ...demo.truth.muscles.map((m) => m.column)].join(',')];
  demo.zaps.forEach((z, k) => {
    const amps = names.map((n) => demo.responses[n][k].toPrecision(7));
    lines.push([String(k), z.condition, (z.dIdt / 1e6).toFixed(3), ...amps].join(','));
  });
  return `${lines.join('\n')}\n`;
}

function demoTruthFile(demo: DemoDataset): DemoTruthFile {
  const r = (v: number, d = 4) => Number(v.toFixed(d));
  return {
    ...demo.truth,
    files: {
      mesh: DEMO_FILES.mesh,
      roiId: DEMO_ROI_ID,
      efield: DEMO_FILES.efield,
      responses: DEMO_FILES.responses,
    },
    zaps: demo.zaps.map((z) => ({
      condition: z.condition,
      mso: r(z.mso, 3),
      dIdt: r(z.dIdt, 0),
      angle: r(z.angle, 3),
      centre: [r(z.centre[0]), r(z.centre[1]), r(z.centre[2])],
    })),
  };
}
