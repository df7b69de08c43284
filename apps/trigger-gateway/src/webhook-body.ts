import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ServiceError } from "@bos/service-kit";

export class BodyTooLargeError extends ServiceError {
  constructor(limit: number) {
    super("WF_WEBHOOK_BODY_TOO_LARGE", `the request body is larger than ${limit} bytes (after decompression); send less data or raise WEBHOOK_BODY_LIMIT_BYTES`, 413, { limitBytes: limit });
  }
}

export class BadBodyError extends ServiceError {
  constructor(reason: string) {
    super("WF_WEBHOOK_BAD_BODY", `the request body cannot be read: ${reason}`, 400, { reason });
  }
}

/**
 * Reads the raw body, decompressing gzip / deflate / br, and stops with 413 as soon as the decompressed
 * size passes `limit` (a small compressed body cannot expand into memory).
 */
export async function readRawBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = String(raw.headers["content-encoding"] ?? "identity").toLowerCase().trim();
  let stream: Readable = raw;
  if (encoding === "gzip" || encoding === "x-gzip") stream = raw.pipe(createGunzip());
  else if (encoding === "deflate") stream = raw.pipe(createInflate());
  else if (encoding === "br") stream = raw.pipe(createBrotliDecompress());
  else if (encoding !== "identity" && encoding !== "") throw new BadBodyError(`unsupported content-encoding "${encoding}"`);
  const declared = Number(raw.headers["content-length"] ?? Number.NaN);
  if (stream === raw && Number.isFinite(declared) && declared > limit) {
    raw.resume();
    throw new BodyTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) {
        if (stream !== raw) stream.destroy();
        raw.resume();
        throw new BodyTooLargeError(limit);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new BadBodyError(error instanceof Error ? error.message : String(error));
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

export interface ParsedBody {
  /** What goes to `json.body`: parsed JSON / form fields / text, or `{}` for binary uploads. */
  body: unknown;
  /** A non-text upload, for `binary[binaryPropertyName]`. */
  file?: { data: Buffer; mimeType: string };
}

/** Drops keys that would reach an object's prototype when the data is later copied: JSON stays data. */
function dataOnly(key: string, value: unknown): unknown {
  return key === "__proto__" ? undefined : value;
}

/**
 * Turns the raw body into what n8n puts on the trigger item: JSON parsed as plain data (never read as file
 * references or prototypes), urlencoded forms as an object, text as a string, anything else as a file.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: {} };
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      return { body: JSON.parse(raw.toString("utf8"), dataOnly) };
    } catch (error) {
      throw new BadBodyError(`invalid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (type === "application/x-www-form-urlencoded") {
    const body: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(raw.toString("utf8"))) {
      if (key === "__proto__") continue;
      const existing = body[key];
      if (existing === undefined) body[key] = value;
      else body[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return { body };
  }
  if (type === "" || type.startsWith("text/") || type === "application/xml" || type.endsWith("+xml")) return { body: raw.toString("utf8") };
  return { body: {}, file: { data: raw, mimeType: type } };
}
