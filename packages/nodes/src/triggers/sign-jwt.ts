import { createHmac, createSign } from "node:crypto";
import { NodeOperationError } from "@bos/node-sdk";

/** n8n's `jwtAuth` credential: a passphrase (HS*) or a PEM private key (RS*). */
export interface JwtCredential {
  keyType?: "passphrase" | "pemKey";
  secret?: string;
  privateKey?: string;
  algorithm?: string;
}

function base64Url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** Signs `payload` as a compact JWS (HS256/384/512 with a passphrase, RS256/384/512 with a PEM key). */
export function signJwt(payload: Record<string, unknown>, credential: JwtCredential): string {
  const algorithm = credential.algorithm ?? "HS256";
  const header = base64Url(JSON.stringify({ alg: algorithm, typ: "JWT" }));
  const body = base64Url(JSON.stringify({ iat: Math.floor(Date.now() / 1000), ...payload }));
  const signingInput = `${header}.${body}`;
  const bits = algorithm.slice(2);
  if (!["256", "384", "512"].includes(bits)) throw unsupported(algorithm);
  if (algorithm.startsWith("HS")) {
    if (credential.keyType === "pemKey" || !credential.secret) {
      throw new NodeOperationError(`JWT algorithm ${algorithm} needs a passphrase credential`, { description: "Set 'Key Type' to Passphrase and fill in the secret." });
    }
    return `${signingInput}.${base64Url(createHmac(`sha${bits}`, credential.secret).update(signingInput).digest())}`;
  }
  if (algorithm.startsWith("RS")) {
    if (!credential.privateKey) throw new NodeOperationError(`JWT algorithm ${algorithm} needs a PEM private key`, { description: "Set 'Key Type' to PEM Key and paste the private key." });
    return `${signingInput}.${base64Url(createSign(`RSA-SHA${bits}`).update(signingInput).sign(credential.privateKey))}`;
  }
  throw unsupported(algorithm);
}

function unsupported(algorithm: string): NodeOperationError {
  return new NodeOperationError(`JWT algorithm ${algorithm} is not supported`, { description: "Use HS256, HS384, HS512, RS256, RS384 or RS512." });
}
