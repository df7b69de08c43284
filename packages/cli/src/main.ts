import { runCli } from "./run-cli";

// The `./bos wf ...` entry point (bundled to dist/main.js; run with node --no-node-snapshot for isolated-vm).
runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`unexpected failure: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
