// A pickle nested 10⁵ deep is refused with PICKLE_PARSE instead of overflowing the stack (issue 15).
import { describe, expect, it } from 'vitest';
import { unpickle } from '../../../main/io/pandas-decode';

/** Protocol-2 pickle of a list nested n deep: n EMPTY_LISTs, n − 1 APPENDs, STOP (built without recursion). */
function nested(n: number): Uint8Array {
  return Uint8Array.from([
    0x80,
    0x02,
    ...new Array<number>(n).fill(0x5d),
    ...new Array<number>(n - 1).fill(0x61),
    0x2e,
  ]);
}

describe('unpickle depth limit', () => {
  it('refuses 10⁵ levels with PICKLE_PARSE naming the file and place', () => {
    let err: unknown;
    try {
      unpickle(nested(100_000), 'experiment.hdf5', '/phys_data/block0_values');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'PICKLE_PARSE' });
    expect((err as Error).message).toContain('nested more than 64 deep');
    expect((err as Error).message).toContain('experiment.hdf5');
  });

  it('still reads shallow pickles', () => {
    expect(unpickle(nested(3), 'f', 'p')).toEqual([[[]]]);
  });
});
