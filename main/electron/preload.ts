// Preload (sandboxed, CommonJS): exposes only the contract's verbs to the renderer.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('tmsMapper', { version: '0.1.0' });
