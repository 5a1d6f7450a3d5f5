// Browser mode: the built renderer and the backend over HTTP + SSE on 127.0.0.1, behind a per-launch token.
import { existsSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ApiService } from './api/service';
import { RootPathPolicy } from './api/path-policy';
import { defaultConfigDir } from './api/settings-store';
import { appPaths } from './paths';
import { parseServerArgs } from './server/args';
import { EventHub } from './server/event-hub';
import { createHttpServer } from './server/http-server';
import { newToken } from './server/token';

declare const __APP_VERSION__: string | undefined;

function main(): void {
  let args;
  try {
    args = parseServerArgs(process.argv.slice(2));
  } catch (e) {
    // commander already printed the usage error / help.
    process.exitCode = (e as { exitCode?: number }).exitCode ?? 2;
    return;
  }
  if (!existsSync(args.root) || !statSync(args.root).isDirectory()) {
    console.error(`tms-mapper serve: BAD_ARGUMENT: --root ${args.root} is not a folder`);
    process.exitCode = 2;
    return;
  }
  const paths = appPaths(import.meta.dirname);
  if (!existsSync(paths.rendererDir)) {
    console.error(
      `tms-mapper serve: the built renderer is missing at ${paths.rendererDir}: run "npm run build"`,
    );
    process.exitCode = 1;
    return;
  }
  const hub = new EventHub();
  const service = new ApiService({
    transport: 'http',
    policy: new RootPathPolicy(args.root),
    configDir: args.configDir ?? defaultConfigDir(),
    appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.1.0',
    emit: (event, payload) => hub.emit(event, payload),
    startupResults: args.open,
  });
  const token = newToken();
  const server = createHttpServer({ service, hub, rendererDir: paths.rendererDir, token });
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(`tms-mapper serve: cannot listen on 127.0.0.1:${args.port}: ${e.code ?? e.message}`);
    process.exitCode = 1;
  });
  server.listen(args.port, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`TMS Mapper is running in browser mode. Open:\n  http://127.0.0.1:${port}/?token=${token}`);
    console.log(`Files are opened from and saved under ${args.root}. Press Ctrl+C to stop.`);
  });
  const stop = (): void => {
    service.dispose();
    hub.close();
    server.close();
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main();
