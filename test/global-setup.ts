// Integration and e2e tests run the built worker/CLI/server: fail early with a clear message if the build is missing.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup(): void {
  const worker = resolve(import.meta.dirname, '../out/main/worker.js');
  if (!existsSync(worker)) {
    throw new Error(`Missing build output ${worker}: run "npm run build" (npm test does it for you).`);
  }
}
