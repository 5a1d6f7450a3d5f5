// `node --import ./test/electron-standin/register.mjs out/main/index.js`: resolves 'electron' to the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
