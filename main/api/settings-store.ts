// Settings persisted between launches: one JSON file in the user's config folder, read leniently, written atomically.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeAtomically } from '../io/atomic-write';
import type { Settings } from '../contract';
import { settingsShape } from '../contract';

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  workers: 0,
  lastInputs: null,
  recentFiles: [],
  lastOutputDir: null,
};

/** The config folder of plain-Node runs (browser mode, CLI); Electron passes app.getPath('userData'). */
export function defaultConfigDir(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'TMS Mapper');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'TMS Mapper');
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.config'), 'tms-mapper');
}

export class SettingsStore {
  readonly file: string;
  private cache: Settings | null = null;

  constructor(readonly configDir: string) {
    this.file = join(configDir, 'settings.json');
  }

  /** Reads the file; a missing or damaged file (or field) falls back to the default, field by field. */
  async load(): Promise<Settings> {
    if (this.cache) return this.cache;
    let raw: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        raw = parsed as Record<string, unknown>;
    } catch {
      /* first launch or damaged file: defaults */
    }
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [k, check] of Object.entries(settingsShape)) {
      try {
        if (raw[k] !== undefined) out[k] = check(raw[k], k);
      } catch {
        /* keep the default of a field that no longer validates */
      }
    }
    this.cache = out as unknown as Settings;
    return this.cache;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next: Settings = { ...(await this.load()), ...patch };
    await mkdir(this.configDir, { recursive: true });
    await writeAtomically(this.file, (tmp) => writeFile(tmp, JSON.stringify(next, null, 2)));
    this.cache = next;
    return next;
  }
}

/** Puts `files` first in the recent list, without duplicates, at most 10. */
export function withRecent(recent: readonly string[], files: readonly string[]): string[] {
  const out = [...files.filter((f) => f.length > 0)];
  for (const f of recent) if (!out.includes(f)) out.push(f);
  return out.slice(0, 10);
}
