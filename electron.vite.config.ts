// Build of the three Electron targets; the main target also emits the CLI, the browser-mode server and the worker entry.
import { posix, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

/** Emscripten's SINGLE_FILE embedding in h5wasm's Node build: the whole WebAssembly binary as one string literal. */
const EMBEDDED_WASM = 'function findWasmBinary(){return binaryDecode(';

/**
 * Moves h5wasm's WebAssembly binary out of its JavaScript into a file next to the bundle. Embedded, it is a 4 MB
 * string that every process opening HDF5 decodes from UTF-8, parses, and converts back to bytes (~0.4 s of CPU per
 * start); as a file it is one read. The build fails if h5wasm changes its embedding, so that is noticed.
 */
function h5wasmBinaryFile(): Plugin {
  const PLACEHOLDER = '__TMS_MAPPER_H5WASM_BINARY__';
  let ref: string | undefined;
  return {
    name: 'tms-h5wasm-binary-file',
    transform(code, id) {
      if (!/[\\/]h5wasm[\\/]dist[\\/]node[\\/]hdf5_util\.js$/.test(id)) return null;
      const start = code.indexOf(EMBEDDED_WASM);
      if (start < 0 || code.indexOf(EMBEDDED_WASM, start + 1) >= 0)
        this.error(`h5wasm's embedded binary not found once in ${id}: update h5wasmBinaryFile()`);
      const litStart = start + EMBEDDED_WASM.length;
      const quote = code[litStart];
      let end = litStart + 1;
      while (code[end] !== quote) end += code[end] === '\\' ? 2 : 1;
      // The literal is plain JavaScript (escapes only): evaluate it alone, then decode as Emscripten's binaryDecode does.
      const text = runInNewContext(code.slice(litStart, end + 1)) as string;
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        bytes[i] = (~c >> 8) & c;
      }
      if (String.fromCharCode(...bytes.subarray(0, 4)) !== '\0asm')
        this.error(`h5wasm's embedded binary in ${id} does not decode to WebAssembly`);
      ref = this.emitFile({ type: 'asset', name: 'hdf5_util.wasm', source: bytes });
      // `require` is Emscripten's own createRequire(import.meta.url) in the Node build; the path is filled in below.
      const read = `require("node:fs").readFileSync(new URL(${JSON.stringify(PLACEHOLDER)}, import.meta.url))`;
      const close = code.indexOf(')', end);
      return {
        code: `${code.slice(0, start)}function findWasmBinary(){return ${read}${code.slice(close + 1)}`,
        map: null,
      };
    },
    renderChunk(code, chunk) {
      if (!ref || !code.includes(PLACEHOLDER)) return null;
      // Relative to the chunk itself, so the bundle works wherever out/ is (a checkout, app.asar, npm's bin).
      const rel = posix.relative(posix.dirname(chunk.fileName), this.getFileName(ref));
      return { code: code.replace(JSON.stringify(PLACEHOLDER), JSON.stringify(`./${rel}`)), map: null };
    },
  };
}

export default defineConfig({
  main: {
    plugins: [h5wasmBinaryFile()],
    build: {
      // Bundle every dependency: the packaged app ships no node_modules and the
      // CLI/worker must start without resolving anything at run time.
      externalizeDeps: false,
      outDir: 'out/main',
      rolldownOptions: {
        external: ['electron'],
        input: {
          index: resolve(root, 'main/electron/index.ts'),
          cli: resolve(root, 'main/cli.ts'),
          server: resolve(root, 'main/server.ts'),
          worker: resolve(root, 'workers/entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() modules: one self-contained CommonJS file.
      externalizeDeps: false,
      outDir: 'out/preload',
      rolldownOptions: {
        external: ['electron'],
        input: { index: resolve(root, 'main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [vue()],
    base: './',
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
