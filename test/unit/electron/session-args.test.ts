import { describe, expect, it } from 'vitest';
import { sessionFromArgv } from '../../../main/electron/session-args';

describe('sessionFromArgv', () => {
  it.each([
    [['TMS Mapper.exe', 'C:\\data\\s01.tmsmap'], 'C:\\data\\s01.tmsmap'],
    [['/opt/TMS Mapper/tms-mapper', '--no-sandbox', '/home/u/old.tmsmap.json'], '/home/u/old.tmsmap.json'],
    [['/opt/TMS Mapper/tms-mapper', '/home/u/S01.TMSMAP'], '/home/u/S01.TMSMAP'],
    [['electron', '.'], null],
    [['/x.tmsmap'], null],
    [['app', '--flag=a.tmsmap'], null],
  ])('%j → %s', (argv, expected) => {
    expect(sessionFromArgv(argv)).toBe(expected);
  });
});
