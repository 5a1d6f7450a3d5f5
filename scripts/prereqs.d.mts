// Types of scripts/prereqs.mjs for the TypeScript side (vitest.config.ts, the summary reporter, tests).
export declare const APT_PACKAGES: string[];
export interface Found {
  path: string | null;
  tried: string[];
}
export declare function which(name: string, path?: string): string | null;
export declare function findChromium(): Found;
export declare function findPython(): Found;
export declare function findSlurm(): Found & { missing: string[]; root: boolean };
export interface Prereq {
  id: 'chromium' | 'python' | 'slurm';
  what: string;
  apt: string[];
  elsewhere: string;
  tests: string[];
}
export declare const PREREQS: Prereq[];
export interface PrereqStatus extends Prereq {
  ok: boolean;
  found: unknown;
  reason: string | null;
}
export declare function aptCommand(prereqs?: Prereq[]): string;
export declare function checkAll(): PrereqStatus[];
export declare function inCi(): boolean;
