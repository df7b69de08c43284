import { createServer, type Server } from "node:http";

export interface CountedRequest {
  idempotencyKey: string | undefined;
  body: string;
}

/** A loopback HTTP server that records every request (with its Idempotency-Key) and answers 200 after `delayMs`. */
export async function startCountingServer(delayMs = 0): Promise<{ url: string; requests: CountedRequest[]; close(): Promise<void> }> {
  const requests: CountedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ idempotencyKey: req.headers["idempotency-key"] as string | undefined, body });
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/count`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
