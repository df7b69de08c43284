import type { Readable } from "node:stream";
import type { HttpRequestOptions } from "@bos/node-sdk";
import { HTTP_ERROR_CODES, httpError } from "./errors";

/**
 * Reads a response stream into memory, failing as soon as more than `maxBytes` arrive (so a huge or
 * endless body never fills memory). The stream is destroyed on failure.
 */
export async function readBodyCapped(stream: Readable, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      total += buf.length;
      if (total > maxBytes) throw responseTooLarge(url, maxBytes);
      chunks.push(buf);
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

export function responseTooLarge(url: string, maxBytes: number) {
  return httpError(HTTP_ERROR_CODES.responseTooLarge, `The response from ${url} is larger than the limit of ${formatBytes(maxBytes)}`, {
    description: "Ask the API for less data per request (paging, filters), or raise the host's maxResponseBytes",
  });
}

/**
 * Decodes a body by the requested response type. `auto`: JSON when the content type says JSON and
 * the body parses, else text. Text uses the charset of the content type (UTF-8 by default).
 */
export function decodeBody(bytes: Buffer, contentType: string, responseType: NonNullable<HttpRequestOptions["responseType"]>, url: string): unknown {
  if (responseType === "binary") return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = decodeText(bytes, contentType);
  if (responseType === "text") return text;
  if (responseType === "json") {
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw httpError(HTTP_ERROR_CODES.invalidJson, `The response from ${url} is not valid JSON`, {
        description: `Body starts with: ${excerpt(text, 200)}. Read it as text instead.`,
        cause,
      });
    }
  }
  if (isJsonContentType(contentType)) {
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      // A server that mislabels text as JSON: auto mode hands the text over rather than failing.
      return text;
    }
  }
  return text;
}

/** Text of a body in the charset its content type names (UTF-8 when none or unknown). */
export function decodeText(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown charset label: UTF-8 below is the best guess, as browsers do.
    }
  }
  return new TextDecoder("utf-8").decode(bytes);
}

export function isJsonContentType(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || type.endsWith("+json") || type === "text/json";
}

/** The first `max` characters, on one line, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
