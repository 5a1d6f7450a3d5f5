// Build of the three Electron targets; the main target also emits the CLI, the browser-mode server and the worker entry.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

export default defineConfig({
  main: {
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
