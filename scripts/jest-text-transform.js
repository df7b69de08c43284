// Jest transform for `*.isojs` files: JavaScript that runs inside the isolated-vm sandbox, imported by
// the host as a string (esbuild's text loader does the same in bundles; see scripts/bundle.mjs).
module.exports = {
  process(sourceText) {
    return { code: `module.exports = ${JSON.stringify(sourceText)}; module.exports.default = module.exports;` };
  },
};
