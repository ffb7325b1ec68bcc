// Node module hook for built-main.test.ts: `electron` resolves to the recording fake beside this file.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron')
    return { url: new URL('./fake-electron-esm.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}
