import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { gzipSync } from "node:zlib";
import { BodyTooLargeError, parseBody, readRawBody } from "./webhook-body";

const request = (body: Buffer, headers: Record<string, string> = {}) => Object.assign(Readable.from([body]), { headers }) as unknown as IncomingMessage;

describe("webhook bodies", () => {
  it("parses JSON as plain data: a __proto__ key never reaches a prototype", () => {
    const { body } = parseBody(Buffer.from('{"a":1,"__proto__":{"polluted":true},"nested":{"__proto__":{"x":1}}}'), "application/json; charset=utf-8");
    expect(body).toEqual({ a: 1, nested: {} });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads forms as objects (repeated keys as arrays), text as a string, other types as a file", () => {
    expect(parseBody(Buffer.from("a=1&b=2&b=3"), "application/x-www-form-urlencoded").body).toEqual({ a: "1", b: ["2", "3"] });
    expect(parseBody(Buffer.from("hello"), "text/plain").body).toBe("hello");
    const file = parseBody(Buffer.from([1, 2, 3]), "image/png");
    expect(file.body).toEqual({});
    expect(file.file?.mimeType).toBe("image/png");
  });

  it("limits the size after decompression", async () => {
    const big = Buffer.from("x".repeat(5000));
    await expect(readRawBody(request(gzipSync(big), { "content-encoding": "gzip" }), 1000)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(readRawBody(request(gzipSync(big), { "content-encoding": "gzip" }), 10_000)).resolves.toHaveLength(5000);
  });
});
