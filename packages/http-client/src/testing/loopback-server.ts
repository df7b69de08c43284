import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request the loopback server received, body fully read. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Header names and values as sent (names keep their case). */
  rawHeaders: string[];
  body: Buffer;
}

export type LoopbackHandler = (request: RecordedRequest, response: http.ServerResponse) => void | Promise<void>;

/** A node:http server on 127.0.0.1 with a random port, for tests of HTTP code. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  readonly connections: number;
  /** Routes by path (without query); `*` catches the rest (default: 404). */
  route(path: string, handler: LoopbackHandler): void;
  close(): Promise<void>;
}

/**
 * Starts a loopback HTTP server for a test. Handlers get the recorded request (body read) and the
 * raw response.
 *
 * @example
 * const server = await startLoopbackServer();
 * server.route("/items", (_req, res) => sendJson(res, 200, [{ id: 1 }]));
 * // ... requests to `${server.url}/items` ...
 * await server.close();
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const routes = new Map<string, LoopbackHandler>();
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      requests.push(recorded);
      const path = new URL(recorded.url, "http://x").pathname;
      const handler = routes.get(path) ?? routes.get("*");
      if (!handler) {
        sendJson(res, 404, { error: `no route for ${path}` });
        return;
      }
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        else res.destroy();
      });
    });
  });
  let connections = 0;
  server.on("connection", () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Writes a body with the given content type. */
export function sendBody(res: http.ServerResponse, status: number, body: string | Buffer, contentType: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}
