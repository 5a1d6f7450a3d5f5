// Command line of browser mode (`npm run serve -- --port 8080 --root ~/data`).
import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';

export interface ServerArgs {
  port: number;
  root: string;
  configDir: string | null;
  /** A result folder the page shows at start (`--open`). */
  open: string | null;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number 0–65535 (0 = any free port)');
  return n;
}

export function parseServerArgs(argv: string[]): ServerArgs {
  const cmd = new Command('tms-mapper-serve')
    .description('TMS Mapper in the browser: serves the app on 127.0.0.1 with a per-launch token')
    .option('--port <n>', 'port on 127.0.0.1 (0 = a free one)', parsePort, 0)
    .option(
      '--root <folder>',
      'folder the file browser may open and save in (default: the current folder)',
      process.cwd(),
    )
    .option('--config-dir <folder>', 'where settings are kept (default: the user config folder)')
    .option('--open <folder>', 'a result folder (CLI output or an export) to show at start')
    .exitOverride()
    .parse(argv, { from: 'user' });
  const o = cmd.opts<{ port: number; root: string; configDir?: string; open?: string }>();
  const root = resolve(o.root);
  return {
    port: o.port,
    root,
    configDir: o.configDir ? resolve(o.configDir) : null,
    open: o.open ? resolve(root, o.open) : null,
  };
}
