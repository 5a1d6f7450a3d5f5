// Headless command line: `tms-mapper map …` (filled in by the mapping-jobs issue).
console.error('tms-mapper: not implemented yet');
process.exitCode = 1;
