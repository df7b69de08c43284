import { NodeApiError } from "@bos/node-sdk";
import { createHttpClient, type HttpClientOptions, type ManagedHttpClient } from "../index";

/**
 * Clients made for the tests of this package, closed together after each test.
 *
 * @example
 * const clients = trackClients();
 * afterEach(() => clients.closeAll());
 * await clients.create({ maxRedirectsCap: 2 }).request({ method: "GET", url });
 */
export function trackClients(): { create(options?: HttpClientOptions): ManagedHttpClient; closeAll(): void } {
  const open: ManagedHttpClient[] = [];
  return {
    create(options = {}) {
      const created = createHttpClient(options);
      open.push(created);
      return created;
    },
    closeAll() {
      for (const client of open.splice(0)) client.close();
    },
  };
}

/** Awaits a request that must fail with a NodeApiError and returns that error; anything else fails the test. */
export async function catchApiError(promise: Promise<unknown>): Promise<NodeApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NodeApiError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}
