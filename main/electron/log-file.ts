// The app's log file in the user data folder: worker failures, exits and retries leave a trace a GUI user can send.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Above this size the file becomes `<name>.1` (one old generation kept). */
export const LOG_ROTATE_BYTES = 2 * 1024 * 1024;

export class AppLog {
  readonly path: string;
  private warned = false;

  constructor(
    readonly dir: string,
    name = 'tms-mapper.log',
  ) {
    this.path = join(dir, name);
  }

  /** Appends one timestamped line; a log that cannot be written never stops the app (it says so once). */
  write(line: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      try {
        if (statSync(this.path).size > LOG_ROTATE_BYTES) renameSync(this.path, `${this.path}.1`);
      } catch {
        // No file yet.
      }
      const text = line.replace(/\r?\n/g, '\n    ');
      appendFileSync(this.path, `${new Date().toISOString()} ${text}\n`);
    } catch (e) {
      if (!this.warned) console.error(`tms-mapper: cannot write the log ${this.path}: ${String(e)}`);
      this.warned = true;
    }
  }
}
