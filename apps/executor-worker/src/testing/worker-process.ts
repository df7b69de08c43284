import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { join } from "node:path";

const ROOT = join(__dirname, "../../../..");

/**
 * Bundles the worker's main.ts (as the deployed app is built) into apps/executor-worker/dist, so crash
 * tests run the real process. Returns the bundle's path.
 */
export function bundleWorker(): string {
  const out = join(ROOT, "apps/executor-worker/dist", `test-worker-${process.pid}.js`);
  execFileSync(process.execPath, [join(ROOT, "scripts/bundle.mjs"), join(ROOT, "apps/executor-worker/src/main.ts"), out], { cwd: ROOT, stdio: "pipe" });
  return out;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process wrote to stderr and stdout (for failure messages). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** Starts a worker process with the given environment (on top of test defaults) and waits until /readyz answers 200. */
export async function startWorkerProcess(bundle: string, env: Record<string, string>): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--no-node-snapshot", bundle], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", WORKER_HOST: "127.0.0.1", WORKER_PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`worker exited during startup (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet: try again below
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`worker did not become ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, exited };
}

/** A private redis-server without persistence, so a restart loses every key (as a Redis that lost its data). */
export async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return child;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
