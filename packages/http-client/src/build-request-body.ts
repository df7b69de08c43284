import type { HttpBody } from "@bos/node-sdk";

/** What axios sends, plus the content type to set when the caller set none. */
export interface EncodedBody {
  data: string | Buffer | FormData | undefined;
  /** Undefined for multipart: the encoder adds the boundary itself. */
  contentType?: string;
}

/**
 * Encodes a request body. The result is re-sendable (no one-shot streams), so 307/308 redirects can
 * repeat it.
 *
 * @example
 * encodeBody({ kind: "json", value: { a: 1 } }); // { data: '{"a":1}', contentType: "application/json" }
 */
export function encodeBody(body: HttpBody | undefined): EncodedBody {
  if (!body) return { data: undefined };
  switch (body.kind) {
    case "json":
      return { data: JSON.stringify(body.value) ?? "null", contentType: "application/json" };
    case "form": {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(body.fields)) {
        for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
      }
      return { data: params.toString(), contentType: "application/x-www-form-urlencoded" };
    }
    case "multipart": {
      const form = new FormData();
      for (const part of body.parts) {
        if ("data" in part) {
          const blob = new Blob([part.data], { type: part.mimeType ?? "application/octet-stream" });
          form.append(part.name, blob, part.fileName ?? "file");
        } else {
          form.append(part.name, part.value);
        }
      }
      return { data: form };
    }
    case "raw":
      return {
        data: typeof body.data === "string" ? body.data : Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength),
        contentType: body.contentType ?? (typeof body.data === "string" ? "text/plain; charset=utf-8" : "application/octet-stream"),
      };
    default:
      return assertNever(body);
  }
}

function assertNever(value: never): never {
  throw new TypeError(`Unknown request body kind: ${JSON.stringify(value)}`);
}
