import { decodeText } from "@bos/http-client";
import { NodeOperationError, type BinaryData, type HttpResponse, type Item } from "@bos/node-sdk";
import type { RequestSettings, ResponseFormat } from "./build-request";

/** Content types autodetect treats as files (the rest that is not JSON is text). */
const BINARY_TYPES = [
  "image/",
  "audio/",
  "video/",
  "font/",
  "application/octet-stream",
  "application/pdf",
  "application/zip",
  "application/gzip",
  "application/x-gzip",
  "application/x-tar",
  "application/x-7z-compressed",
  "application/x-rar-compressed",
  "application/vnd.rar",
  "application/x-bzip",
  "application/x-bzip2",
  "application/epub+zip",
  "application/msword",
  "application/vnd.ms-",
  "application/vnd.openxmlformats-officedocument",
  "application/vnd.oasis.opendocument",
  "application/x-cdf",
  "application/vnd.amazon.ebook",
];

/** The format a response is read in: autodetect picks JSON, file or text from the content type. */
export function effectiveFormat(format: ResponseFormat, contentType: string): Exclude<ResponseFormat, "autodetect"> {
  if (format !== "autodetect") return format;
  const type = contentType.toLowerCase();
  if (type.includes("application/json")) return "json";
  if (BINARY_TYPES.some((t) => type.includes(t))) return "file";
  return "text";
}

/** The bytes of a response read with `responseType: "binary"`. */
export function bodyBytes(response: HttpResponse): Uint8Array {
  return response.body instanceof Uint8Array ? response.body : new Uint8Array(0);
}

/**
 * The body as pagination expressions see it in `$response.body`: parsed JSON, text, or undefined for
 * files. An empty body is "" so that "Response Is Empty" stops.
 */
export function bodyForExpressions(response: HttpResponse, format: ResponseFormat): unknown {
  const contentType = response.headers["content-type"] ?? "";
  const kind = effectiveFormat(format, contentType);
  if (kind === "file") return undefined;
  const text = decodeText(bodyBytes(response), contentType);
  if (kind === "text" || text.trim() === "") return text.trim() === "" ? "" : text;
  try {
    return JSON.parse(text);
  } catch {
    // Pagination expressions get the text; the page's own output reports the invalid JSON.
    return text;
  }
}

/**
 * Turns one response into output items as n8n's HTTP Request v3/v4 does: a JSON array becomes one
 * item per element, an object one item; fullResponse gives `{body, headers, statusCode, statusMessage}`;
 * text goes to `outputPropertyName`; files go to `binary[outputPropertyName]` (the input item's json
 * and other binaries are kept unless fullResponse).
 */
export function responseToItems(response: HttpResponse, input: Item, itemIndex: number, settings: RequestSettings): Item[] {
  const contentType = response.headers["content-type"] ?? "";
  const format = effectiveFormat(settings.responseFormat, contentType);
  const pairedItem = { item: itemIndex };
  const meta = { headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
  const bytes = bodyBytes(response);
  const property = settings.outputPropertyName;

  if (format === "file") {
    const binary: BinaryData = toBinaryData(bytes, contentType, response);
    return [
      {
        json: settings.fullResponse ? { ...meta } : structuredClone(input.json),
        binary: { ...(input.binary ?? {}), [property]: binary },
        pairedItem,
      },
    ];
  }

  const text = decodeText(bytes, contentType);
  if (format === "text") {
    // Autodetected empty text leaves the field out (n8n stores undefined); explicit text keeps "".
    const json: Record<string, unknown> = {};
    if (!(settings.responseFormat === "autodetect" && text === "")) json[property] = text;
    if (settings.fullResponse) Object.assign(json, meta);
    return [{ json, pairedItem }];
  }

  const body = parseJsonBody(text, itemIndex, settings);
  if (settings.fullResponse) return [{ json: { body, ...meta }, pairedItem }];
  if (Array.isArray(body)) return body.map((element) => ({ json: asItemJson(element), pairedItem }));
  return [{ json: asItemJson(body), pairedItem }];
}

function parseJsonBody(text: string, itemIndex: number, settings: RequestSettings): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (settings.responseFormat === "autodetect" && settings.neverError) return {};
    throw new NodeOperationError(
      settings.responseFormat === "autodetect" ? "Invalid JSON in response body" : 'Response body is not valid JSON. Change "Response Format" to "Text"',
      { itemIndex, description: `The body starts with: ${text.slice(0, 120)}`, cause },
    );
  }
}

/** Objects are item json as they are; other JSON values (numbers, strings, null) are wrapped. */
export function asItemJson(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { data: value };
}

export function toBinaryData(bytes: Uint8Array, contentType: string, response: HttpResponse): BinaryData {
  const mimeType = contentType.split(";")[0]?.trim() || "application/octet-stream";
  const fileName = fileNameFromDisposition(response.headers["content-disposition"]) ?? fileNameFromUrl(response.url);
  const fileExtension = extensionOf(fileName) ?? EXTENSIONS[mimeType];
  const binary: BinaryData = {
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
    mimeType,
    fileSize: formatSize(bytes.byteLength),
    bytes: bytes.byteLength,
  };
  if (fileName) binary.fileName = fileName;
  if (fileExtension) binary.fileExtension = fileExtension;
  const fileType = mimeType.split("/")[0];
  if (fileType === "image" || fileType === "audio" || fileType === "video" || fileType === "text") binary.fileType = fileType;
  else if (mimeType === "application/pdf") binary.fileType = "pdf";
  else if (mimeType === "application/json") binary.fileType = "json";
  return binary;
}

/** `filename*=UTF-8''...` wins over `filename="..."` (RFC 6266). */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // Malformed percent-encoding: fall through to the plain filename parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name ? name : undefined;
}

function fileNameFromUrl(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split("/").pop();
    return last ? decodeURIComponent(last) : undefined;
  } catch {
    // Not a parseable URL (should not happen: the client returns absolute URLs); no name then.
    return undefined;
  }
}

function extensionOf(fileName: string | undefined): string | undefined {
  const match = fileName ? /\.([A-Za-z0-9]+)$/.exec(fileName) : null;
  return match?.[1]?.toLowerCase();
}

const EXTENSIONS: Record<string, string> = {
  "application/json": "json",
  "application/pdf": "pdf",
  "application/zip": "zip",
  "application/xml": "xml",
  "text/plain": "txt",
  "text/html": "html",
  "text/csv": "csv",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/svg+xml": "svg",
};

function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1).replace(/\.0$/, "")} kB`;
  return `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, "")} MB`;
}
