// Module resolution hook: the bare specifier 'electron' becomes the stand-in; everything else resolves as usual.
const STANDIN = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STANDIN, shortCircuit: true };
  return nextResolve(specifier, context);
}
