// Finds the session file the OS passed on the command line (Windows/Linux file associations, `tms-mapper file.tmsmap`).

/** The first `.tmsmap` (or older `.tmsmap.json`) argument after the executable, or null. */
export function sessionFromArgv(argv: readonly string[]): string | null {
  return argv.slice(1).find((a) => !a.startsWith('-') && /\.tmsmap(\.json)?$/i.test(a)) ?? null;
}
