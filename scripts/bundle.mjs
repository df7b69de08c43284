// Bundles one entry point of an app or tool with esbuild: workspace packages (@bos/*, shipped as
// TypeScript source) are compiled in; every other dependency stays external and is loaded from
// node_modules at run time (native addons such as isolated-vm cannot be bundled).
import { build } from "esbuild";

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: node scripts/bundle.mjs <entry.ts> <outfile.js>");
  process.exit(2);
}

const externalUnlessWorkspace = {
  name: "external-unless-workspace",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@bos/")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
  // `*.isojs` files are JavaScript that runs inside the isolated-vm sandbox; the host imports them as text.
  loader: { ".isojs": "text" },
  plugins: [externalUnlessWorkspace],
});
