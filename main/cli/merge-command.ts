// `tms-mapper merge`: joins the result folders of element shards (--shard i/N) into one full map per response × QOI.
import { resolve } from 'node:path';
import { readResults, type ResultsOnDisk } from '../io/results-reader';
import { checkTarget } from '../io/results-folder';
import { mergeShards } from '../job/shards';
import { buildSummary, hotspotTable } from './summary';
import { writeOutputs } from './write-outputs';
import { resolveTargetInputs } from '../io/targets/best-pose';

export interface MergeFlags {
  out: string;
  force?: boolean;
}

export async function mergeCommand(
  dirs: string[],
  flags: MergeFlags,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<void> {
  const outDir = resolve(flags.out);
  checkTarget(outDir, !!flags.force);
  const shards: ResultsOnDisk[] = [];
  for (const d of dirs) shards.push(await readResults(resolve(d)));
  const { result, roi } = mergeShards(shards);
  const n = result.nElements;
  const summary = buildSummary(result, [0, n]);
  // coil poses from the shards' responses file when it is reachable here; otherwise targets from the normals
  await writeOutputs(outDir, result, roi, summary, !!flags.force, await resolveTargetInputs(result));
  io.stdout.write(`${hotspotTable(summary)}\n`);
  io.stderr.write(`Merged ${shards.length} shard(s) of ${n} elements into ${outDir}\n`);
}
