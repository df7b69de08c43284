import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

// Re-exported so browser tests type their pages without depending on playwright-core themselves.
export type { Browser, BrowserContext, Locator, Page } from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags for a quiet, deterministic headless run on a shared CI box: no sandbox (we run as root in
 * containers), no GPU, nothing that phones home or updates itself mid-test, and /tmp instead of a
 * possibly small /dev/shm.
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export interface LaunchBrowserOptions {
  /** The browser binary; default `BOS_CHROMIUM_PATH` or /usr/bin/chromium. */
  executablePath?: string;
  /** Default true. Set `BOS_BROWSER_HEADED=1` (with a display) to watch a test run. */
  headless?: boolean;
}

/** The Chromium binary tests use: `BOS_CHROMIUM_PATH` if set, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOS_CHROMIUM_PATH && env.BOS_CHROMIUM_PATH !== "" ? env.BOS_CHROMIUM_PATH : DEFAULT_CHROMIUM_PATH;
}

/** True when the browser binary tests would use exists. */
export function isChromiumInstalled(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(chromiumPath(env));
}

/**
 * Launches the system Chromium through playwright-core. Playwright's own browser downloads are never
 * used: the browser comes from the OS package manager. Each launch gets a fresh temporary profile
 * (playwright creates and removes it), so tests share no cookies or storage. Close it in afterAll.
 *
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 * await page.goto(url);
 * await browser.close();
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Browser tests drive the system Chromium: ` +
        "install it with `apt-get install chromium` (Debian/Ubuntu), or set BOS_CHROMIUM_PATH to a " +
        "Chromium or Chrome binary. (Playwright's bundled browser downloads are not used.)",
    );
  }
  const headless = options.headless ?? process.env.BOS_BROWSER_HEADED !== "1";
  try {
    return await chromium.launch({ executablePath, headless, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} failed to start: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
