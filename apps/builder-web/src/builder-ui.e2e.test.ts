/**
 * The builder UI's own browser test: a throwaway loopback server serves a fresh build of the app and
 * answers GET /workflows and GET /workflows/:id from fixtures (this exercises the UI, not our storage;
 * the full-stack smoke test drives the real API). Chromium is the system one, via launchBrowser().
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { promisify } from "node:util";
import { launchBrowser, type Browser, type BrowserContext, type Page } from "@bos/testing";
import orderTriage from "./__fixtures__/order-triage.workflow.json";
import workflowList from "./__fixtures__/workflow-list.json";

const APP_DIR = resolve(__dirname, "..");
const SCREENSHOT_DIR = join(APP_DIR, "test-results");
const TOKEN = "test-token";
const EMPTY_TENANT_TOKEN = "empty-token";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Builds the current sources into a private directory, so the shared dist/ is never touched mid-run.
 * (Jest's NODE_ENV=test is inherited on purpose: vite.config.ts must still produce a production build.)
 */
async function buildInto(outDir: string): Promise<void> {
  const viteBin = join(dirname(require.resolve("vite/package.json", { paths: [APP_DIR] })), "bin", "vite.js");
  await promisify(execFile)(process.execPath, [viteBin, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error"], {
    cwd: APP_DIR,
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function answerApi(req: IncomingMessage, res: ServerResponse, path: string): void {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (token !== TOKEN && token !== EMPTY_TENANT_TOKEN) {
    sendJson(res, 401, { code: "WF_AUTH_TOKEN_INVALID", message: "The access token is invalid or has expired." });
  } else if (path === "/workflows") {
    sendJson(res, 200, token === TOKEN ? workflowList : { data: [], nextCursor: null });
  } else if (path === `/workflows/${orderTriage.id}` && token === TOKEN) {
    sendJson(res, 200, orderTriage);
  } else {
    const id = decodeURIComponent(path.slice("/workflows/".length));
    sendJson(res, 404, { code: "WF_API_WORKFLOW_NOT_FOUND", message: `No workflow "${id}" in this tenant.` });
  }
}

/** Static files from `root`, index.html for anything else, and the two API routes. */
function startServer(root: string, seenAuthHeaders: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/workflows" || path.startsWith("/workflows/")) {
      seenAuthHeaders.push(req.headers.authorization ?? "");
      answerApi(req, res, path);
      return;
    }
    const file = join(root, normalize(path).replace(/^(\.\.[/\\])+/, ""));
    const target = file.startsWith(root) && existsSync(file) && statSync(file).isFile() ? file : join(root, "index.html");
    res.writeHead(200, { "content-type": CONTENT_TYPES[extname(target)] ?? "application/octet-stream" });
    res.end(readFileSync(target));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

describe("builder UI in a browser", () => {
  let outDir: string;
  let server: Server;
  let browser: Browser;
  let baseUrl: string;
  const seenAuthHeaders: string[] = [];
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "bos-builder-dist-"));
    await buildInto(outDir);
    server = await startServer(outDir, seenAuthHeaders);
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // A fresh context per test: its own localStorage, so no test sees another's token.
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") pageErrors.push(msg.text());
    });
    seenAuthHeaders.length = 0;
  });

  afterEach(async () => {
    await context.close();
  });

  const rows = () => page.locator('[data-testid="workflow-row"]');
  const canvasNodes = () => page.locator('[data-testid="canvas-node"]');
  const storedToken = () => page.evaluate(() => window.localStorage.getItem("bos.builder.token"));

  it("asks for a token, naming ./bos token, when it has none", async () => {
    await page.goto(`${baseUrl}/`);
    const screen = page.locator('[data-testid="token-screen"]');
    await screen.waitFor();
    expect(await screen.textContent()).toContain("./bos token");
    expect(seenAuthHeaders).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("takes the token from the URL, strips it from the address, and lists the workflows with it", async () => {
    await page.goto(`${baseUrl}/?token=${TOKEN}`);
    await rows().nth(2).waitFor();

    expect(await rows().count()).toBe(3);
    expect(await page.locator('[data-testid="workflow-name"]').allTextContents()).toEqual(["Order triage", "Nightly report", "Old import"]);
    expect(await page.locator('[data-testid="status-badge"]').allTextContents()).toEqual(["active", "draft", "archived"]);
    expect(await rows().first().locator("time").getAttribute("datetime")).toBe("2026-11-20T09:30:00.000Z");
    expect(page.url()).not.toContain("token");
    expect(await storedToken()).toBe(TOKEN);
    expect(seenAuthHeaders).toEqual([`Bearer ${TOKEN}`]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "builder-list.png") });
    expect(pageErrors).toEqual([]);
  });

  it("opens a workflow on a read-only canvas: one node per workflow node, the sticky note behind, edges per port", async () => {
    await page.goto(`${baseUrl}/?token=${TOKEN}`);
    await rows().first().click();
    await page.waitForURL(/#\/workflows\/wf_order_triage$/);
    await canvasNodes().nth(6).waitFor();
    // Edges are drawn once xyflow has measured the nodes and their handles.
    await page.waitForFunction(() => document.querySelectorAll(".react-flow__edge").length >= 7);

    expect(await page.locator('[data-testid="workflow-title"]').textContent()).toBe("Order triage");
    expect(await canvasNodes().evaluateAll((els) => els.map((e) => e.getAttribute("data-node-name")))).toEqual([
      "Order received",
      "Normalize",
      "Paid?",
      "Fulfil",
      "Needs review",
      "Combine",
      "Legacy audit",
    ]);
    expect(await page.locator('[data-testid="sticky-note"]').count()).toBe(1);
    expect(await page.locator('[data-testid="sticky-note"] [data-testid="canvas-node"]').count()).toBe(0);
    expect(await page.locator('[data-testid="canvas-node"][data-disabled="true"]').getAttribute("data-node-name")).toBe("Legacy audit");
    expect(await page.locator('[data-node-name="Paid?"] .react-flow__handle.source').count()).toBe(2);
    expect(await page.locator('[data-node-name="Combine"] .react-flow__handle.target').count()).toBe(2);
    expect(await page.locator(".react-flow__edge").count()).toBe(7);
    // If's second output (false) and Merge's second input are their own handles.
    expect(await page.locator('[data-testid="rf__edge-Paid?#1->Needs review#0"]').count()).toBe(1);
    expect(await page.locator('[data-testid="rf__edge-Needs review#0->Combine#1"]').count()).toBe(1);
    expect(await page.locator('[data-testid="canvas-node"][data-node-name="Fulfil"]').textContent()).toContain("HTTP Request");

    // The sticky note sits underneath the nodes.
    const stickyZ = await page.locator('[data-testid="rf__node-sticky:About this workflow"]').evaluate((e) => Number(getComputedStyle(e).zIndex));
    const nodeZ = await page.locator('[data-testid="rf__node-Normalize"]').evaluate((e) => Number(getComputedStyle(e).zIndex));
    expect(stickyZ).toBeLessThan(nodeZ);

    await page.screenshot({ path: join(SCREENSHOT_DIR, "builder-canvas.png") });
    expect(pageErrors).toEqual([]);
  });

  it("shows the selected node's parameters as formatted JSON, and goes back to the list", async () => {
    await page.goto(`${baseUrl}/?token=${TOKEN}#/workflows/wf_order_triage`);
    await page.locator('[data-testid="canvas-node"][data-node-name="Paid?"]').click();
    const params = page.locator('[data-testid="node-parameters"]');
    await params.waitFor();

    const paidNode = orderTriage.definition.nodes.find((n) => n.name === "Paid?");
    expect(await params.textContent()).toBe(JSON.stringify(paidNode?.parameters, null, 2));
    expect(await page.locator('[data-testid="node-details"] h2').textContent()).toBe("Paid?");
    await page.screenshot({ path: join(SCREENSHOT_DIR, "builder-node-selected.png") });

    await page.locator('[data-testid="back-to-list"]').click();
    await rows().nth(2).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("shows the API's code and message when a workflow cannot be loaded", async () => {
    await page.goto(`${baseUrl}/?token=${TOKEN}#/workflows/wf_missing`);
    const notice = page.locator('[data-testid="error-notice"]');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain("WF_API_WORKFLOW_NOT_FOUND");
    expect(text).toContain('No workflow "wf_missing" in this tenant.');
    expect(text).toContain("HTTP 404");
  });

  it("shows the empty state for a tenant without workflows", async () => {
    await page.goto(`${baseUrl}/?token=${EMPTY_TENANT_TOKEN}`);
    await page.locator('[data-testid="workflows-empty"]').waitFor();
    expect(await rows().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("returns to the token screen with the API's message on 401, and a pasted token gets back in", async () => {
    await page.goto(`${baseUrl}/?token=revoked-token`);
    const screen = page.locator('[data-testid="token-screen"]');
    await screen.waitFor();
    expect(await screen.locator('[role="alert"]').textContent()).toContain("WF_AUTH_TOKEN_INVALID");
    expect(await storedToken()).toBeNull();

    await page.locator("#token-input").fill(TOKEN);
    await page.locator('[data-testid="token-screen"] button[type="submit"]').click();
    await rows().nth(2).waitFor();
    expect(await storedToken()).toBe(TOKEN);
  });
});
