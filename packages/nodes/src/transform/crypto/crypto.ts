import { createHash, createHmac, createSign, getHashes, randomBytes, randomUUID } from "node:crypto";
import { defineNode, NodeError, NodeOperationError, type BinaryData, type Item } from "@bos/node-sdk";
import { readOwn, setField, shallowCopy } from "../shared/field-path";

const HASH_TYPES = [
  { name: "MD5", value: "MD5" },
  { name: "SHA256", value: "SHA256" },
  { name: "SHA3-256", value: "SHA3-256" },
  { name: "SHA3-384", value: "SHA3-384" },
  { name: "SHA3-512", value: "SHA3-512" },
  { name: "SHA384", value: "SHA384" },
  { name: "SHA512", value: "SHA512" },
  { name: "SHA1", value: "SHA1" },
] as const;

const HASH_ENCODINGS = [
  { name: "BASE64", value: "base64" },
  { name: "HEX", value: "hex" },
] as const;

const showFor = (...action: string[]) => ({ show: { action } });

/** Text to hash: strings as they are, other values as JSON (n8n would reject them). */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function binaryBuffer(item: Item, propertyName: string, itemIndex: number): Buffer {
  const binary = readOwn(item.binary, propertyName) as BinaryData | undefined;
  if (!binary) {
    throw new NodeOperationError(`This operation expects the node's input data to contain a binary file '${propertyName}', but none was found [item ${itemIndex}]`, {
      itemIndex,
      description: "Make sure that the previous node outputs a binary file under that name, or change 'Binary Property Name'",
    });
  }
  if (binary.id) {
    throw new NodeOperationError(`The binary file '${propertyName}' is kept in external storage, which this node cannot read yet [item ${itemIndex}]`, { itemIndex });
  }
  return Buffer.from(binary.data, "base64");
}

function randomAscii(length: number): string {
  const bytes = randomBytes(length);
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(33 + (byte % 94));
  return text;
}

/** Crypto 1: hashes, HMACs, signatures and random values, written into each item. */
export const cryptoNode = defineNode({
  description: {
    type: "n8n-nodes-base.crypto",
    versions: [1],
    displayName: "Crypto",
    group: ["transform"],
    description: "Provide cryptographic utilities",
    defaults: { name: "Crypto", color: "#408000" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Action",
        name: "action",
        type: "options",
        options: [
          { name: "Generate", description: "Generate random string", value: "generate" },
          { name: "Hash", description: "Hash a text or file in a specified format", value: "hash" },
          { name: "Hmac", description: "Hmac a text or file in a specified format", value: "hmac" },
          { name: "Sign", description: "Sign a string using a private key", value: "sign" },
        ],
        default: "hash",
      },
      { displayName: "Binary File", name: "binaryData", type: "boolean", default: false, required: true, description: "Whether the data to hashed should be taken from binary field", displayOptions: showFor("hash", "hmac") },
      {
        displayName: "Binary Property Name",
        name: "binaryPropertyName",
        type: "string",
        default: "data",
        required: true,
        description: "Name of the binary property which contains the input data",
        displayOptions: { show: { action: ["hash", "hmac"], binaryData: [true] } },
      },
      { displayName: "Type", name: "type", type: "options", description: "The hash type to use", options: HASH_TYPES, default: "MD5", required: true, displayOptions: showFor("hash", "hmac") },
      {
        displayName: "Value",
        name: "value",
        type: "string",
        default: "",
        description: "The value that should be hashed, signed or hmaced",
        required: true,
        displayOptions: { show: { action: ["hash", "hmac", "sign"] }, hide: { binaryData: [true] } },
      },
      {
        displayName: "Property Name",
        name: "dataPropertyName",
        type: "string",
        default: "data",
        required: true,
        description: "Name of the property to which to write the result. Supports dot-notation.",
      },
      { displayName: "Secret", name: "secret", type: "string", default: "", required: true, displayOptions: showFor("hmac") },
      { displayName: "Encoding", name: "encoding", type: "options", options: HASH_ENCODINGS, default: "hex", required: true, displayOptions: showFor("hash", "hmac", "sign") },
      { displayName: "Algorithm Name or ID", name: "algorithm", type: "options", description: "One of the hash algorithms Node.js offers", options: [], default: "", required: true, displayOptions: showFor("sign") },
      { displayName: "Private Key", name: "privateKey", type: "string", description: "Private key to use when signing the string", default: "", required: true, displayOptions: showFor("sign") },
      {
        displayName: "Type",
        name: "encodingType",
        type: "options",
        options: [
          { name: "ASCII", value: "ascii" },
          { name: "BASE64", value: "base64" },
          { name: "HEX", value: "hex" },
          { name: "UUID", value: "uuid" },
        ],
        default: "uuid",
        description: "Encoding that will be used to generate string",
        required: true,
        displayOptions: showFor("generate"),
      },
      {
        displayName: "Length",
        name: "stringLength",
        type: "number",
        default: 32,
        description: "Length of the generated string",
        displayOptions: { show: { action: ["generate"], encodingType: ["ascii", "base64", "hex"] } },
      },
    ],
  },
  async execute(ctx) {
    const action = ctx.getNodeParameter("action", 0);
    const output: Item[] = [];
    ctx.getInputItems().forEach((item, itemIndex) => {
      try {
        const result = computeValue(action, item, itemIndex, (name) => ctx.getNodeParameter(name, itemIndex));
        const json = shallowCopy(item.json);
        setField(json, String(ctx.getNodeParameter("dataPropertyName", itemIndex)), result, false, true);
        output.push({ json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: itemIndex } });
      } catch (error) {
        if (!ctx.continueOnFail()) {
          if (error instanceof NodeError) throw error;
          throw new NodeOperationError(error instanceof Error ? error.message : String(error), { itemIndex, cause: error });
        }
        output.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } });
      }
    });
    return [output];
  },
});

function computeValue(action: string, item: Item, itemIndex: number, param: (name: string) => unknown): string {
  switch (action) {
    case "hash":
    case "hmac": {
      const type = String(param("type"));
      const encoding = param("encoding") === "base64" ? "base64" : "hex";
      const digest = action === "hash" ? createHash(type) : createHmac(type, textOf(param("secret")));
      digest.update(param("binaryData") === true ? binaryBuffer(item, String(param("binaryPropertyName")), itemIndex) : Buffer.from(textOf(param("value")), "utf8"));
      return digest.digest(encoding);
    }
    case "sign": {
      const algorithm = String(param("algorithm"));
      if (!getHashes().includes(algorithm.toLowerCase()) && !getHashes().includes(algorithm)) {
        throw new NodeOperationError(`The signing algorithm '${algorithm}' is not available`, { itemIndex, description: `Use one of: ${getHashes().slice(0, 12).join(", ")}...` });
      }
      const signer = createSign(algorithm);
      signer.write(textOf(param("value")));
      signer.end();
      return signer.sign(textOf(param("privateKey")), param("encoding") === "base64" ? "base64" : "hex");
    }
    case "generate": {
      const encodingType = param("encodingType");
      if (encodingType === "uuid") return randomUUID();
      const length = Math.max(0, Math.floor(Number(param("stringLength"))));
      if (encodingType === "base64") return randomBytes(length).toString("base64").replace(/\W/g, "").slice(0, length);
      if (encodingType === "hex") return randomBytes(length).toString("hex").slice(0, length);
      return randomAscii(length);
    }
    default:
      throw new NodeOperationError(`The action '${action}' is not known`, { itemIndex, description: "Use generate, hash, hmac or sign" });
  }
}
