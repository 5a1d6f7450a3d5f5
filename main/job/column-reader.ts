// Reads E columns of one QOI for the selected zaps in bounded blocks: whole ranges, or scattered element sets.
import type { QoiName } from '../contract';
import type { EfieldSource } from '../io/types';

/** Largest block read at once: bounds memory whatever the ROI size (64 MB of float32). */
export const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
/**
 * Default elements per read: small enough that the next block is read while the workers fit the current
 * one (a single block for the whole ROI would leave them idle during the read), large enough that the
 * per-read overhead of HDF5 stays negligible.
 */
export const DEFAULT_BLOCK_ELEMENTS = 4096;
/** Elements of the first read of a pass: the workers wait for it, so it is short. */
export const FIRST_BLOCK_ELEMENTS = 512;

export interface ColumnGroup {
  /** Ascending global element indices. */
  elements: Uint32Array;
  /** Element-major columns of those elements: data[i * nZaps + k]. */
  data: Float32Array;
}

export class ColumnReader {
  readonly blockElements: number;

  constructor(
    private readonly source: EfieldSource,
    readonly qoi: QoiName,
    /** Zap indices into the file, in acquisition order. */
    readonly zaps: Uint32Array,
    blockElements?: number,
  ) {
    const byBytes = Math.max(1, Math.floor(MAX_BLOCK_BYTES / (4 * Math.max(1, zaps.length))));
    this.blockElements = Math.max(1, Math.min(blockElements ?? DEFAULT_BLOCK_ELEMENTS, byBytes));
  }

  get nZaps(): number {
    return this.zaps.length;
  }

  /**
   * Yields the columns of `elements` (ascending) in groups spanning at most `blockElements` file columns (the
   * first FIRST_BLOCK_ELEMENTS, then twice the previous span); each group is one hyperslab read of [first, last]
   * from which the wanted columns are picked.
   */
  async *gather(elements: Uint32Array): AsyncGenerator<ColumnGroup> {
    const nz = this.zaps.length;
    let i = 0;
    // A small first group gets the workers going sooner; each next one doubles up to a full block, so a read
    // stays shorter than the fitting of what was read before it (the workers never wait for a 4 096-column read
    // with only 512 elements to fit).
    let span = Math.min(this.blockElements, FIRST_BLOCK_ELEMENTS);
    while (i < elements.length) {
      const first = elements[i];
      let j = i + 1;
      while (j < elements.length && elements[j] - first < span) j++;
      span = Math.min(this.blockElements, 2 * span);
      const last = elements[j - 1];
      const block = await this.source.readColumns(this.qoi, first, last + 1, this.zaps);
      const ids = elements.slice(i, j);
      let data: Float32Array;
      if (last + 1 - first === ids.length) data = block;
      else {
        data = new Float32Array(ids.length * nz);
        for (let a = 0; a < ids.length; a++)
          data.set(block.subarray((ids[a] - first) * nz, (ids[a] - first + 1) * nz), a * nz);
      }
      yield { elements: ids, data };
      i = j;
    }
  }
}

/** Ascending element indices [start, end). */
export function rangeElements(start: number, end: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}
