// Browser mode: the built renderer and the backend over HTTP + SSE on 127.0.0.1 (filled in by the app-shell issue).
console.error('tms-mapper server: not implemented yet');
process.exitCode = 1;
