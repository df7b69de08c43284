import { NodeOperationError, type ExecuteContext } from "@bos/node-sdk";

/**
 * What a credential adds to every request of the node run, and which of those values are secret
 * (masked in dry runs, dropped on cross-origin redirects).
 */
export interface AuthPlan {
  /** Credential type used (for messages), or undefined without authentication. */
  credentialType?: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  /** Fields merged into a JSON or form body (httpCustomAuth `body`). */
  body: Record<string, unknown>;
  secretHeaders: string[];
  secretQuery: string[];
  secretBody: string[];
}

const NO_AUTH: AuthPlan = { headers: {}, query: {}, body: {}, secretHeaders: [], secretQuery: [], secretBody: [] };

const SUPPORTED = new Set(["httpBasicAuth", "httpBearerAuth", "httpHeaderAuth", "httpQueryAuth", "httpCustomAuth"]);
const NOT_YET = new Set(["httpDigestAuth", "oAuth1Api", "oAuth2Api"]);

/**
 * Reads the node's authentication parameters and credentials once per run. Generic types are
 * applied as n8n does; OAuth1/OAuth2, Digest and service-specific (predefined) types fail with a
 * clear error until the credential subsystem supports them.
 */
export async function resolveAuthentication(ctx: ExecuteContext<Record<string, unknown>>): Promise<AuthPlan> {
  const authentication = ctx.getNodeParameter("authentication", 0, "none");
  if (authentication === "none" || authentication === undefined || authentication === "") return NO_AUTH;
  let type: string;
  if (authentication === "genericCredentialType") {
    type = String(ctx.getNodeParameter("genericAuthType", 0, ""));
    if (!type) {
      throw new NodeOperationError("Authentication is 'Generic Credential Type' but no Generic Auth Type is chosen", {
        description: "Pick one (Basic, Bearer, Header, Query or Custom Auth) and a credential of that type",
      });
    }
  } else if (authentication === "predefinedCredentialType") {
    type = String(ctx.getNodeParameter("nodeCredentialType", 0, ""));
    if (!SUPPORTED.has(type)) {
      throw new NodeOperationError(`The predefined credential type '${type || "(none)"}' is not supported yet`, {
        description: "Use Authentication 'Generic Credential Type' with Header Auth, Bearer Auth, Query Auth, Basic Auth or Custom Auth and the same secret",
      });
    }
  } else {
    throw new NodeOperationError(`Unknown authentication '${String(authentication)}'`, {
      description: "Use none, predefinedCredentialType or genericCredentialType",
    });
  }
  return authPlanForCredentialType(ctx, type);
}

/** Loads a generic credential of this type and turns it into an AuthPlan (clear errors for the rest). */
export async function authPlanForCredentialType(ctx: ExecuteContext<Record<string, unknown>>, type: string): Promise<AuthPlan> {
  if (NOT_YET.has(type)) {
    throw new NodeOperationError(`${type} authentication is not supported yet`, {
      description: "Use a token with Bearer Auth or Header Auth instead, or call the API from a Code node for now",
    });
  }
  if (!SUPPORTED.has(type)) {
    throw new NodeOperationError(`Unknown generic auth type '${type}'`, { description: `Use one of ${[...SUPPORTED].join(", ")}` });
  }
  const data = await ctx.getCredentials<Record<string, unknown>>(type);
  return planFor(type, data);
}

/** The plan of a node without authentication. */
export function noAuthentication(): AuthPlan {
  return NO_AUTH;
}

function planFor(type: string, data: Record<string, unknown>): AuthPlan {
  const text = (key: string): string => {
    const value = data[key];
    return value === undefined || value === null ? "" : String(value);
  };
  switch (type) {
    case "httpBasicAuth":
      return {
        ...NO_AUTH,
        credentialType: type,
        headers: { Authorization: `Basic ${Buffer.from(`${text("user")}:${text("password")}`).toString("base64")}` },
        secretHeaders: ["Authorization"],
      };
    case "httpBearerAuth":
      return { ...NO_AUTH, credentialType: type, headers: { Authorization: `Bearer ${text("token")}` }, secretHeaders: ["Authorization"] };
    case "httpHeaderAuth":
      requireField(type, text("name"), "name");
      return { ...NO_AUTH, credentialType: type, headers: { [text("name")]: text("value") }, secretHeaders: [text("name")] };
    case "httpQueryAuth":
      requireField(type, text("name"), "name");
      return { ...NO_AUTH, credentialType: type, query: { [text("name")]: text("value") }, secretQuery: [text("name")] };
    case "httpCustomAuth":
      return customAuthPlan(data["json"]);
    default:
      throw new NodeOperationError(`Unknown generic auth type '${type}'`);
  }
}

function customAuthPlan(json: unknown): AuthPlan {
  let parsed: unknown = json;
  if (typeof json === "string") {
    try {
      parsed = JSON.parse(json || "{}");
    } catch (cause) {
      throw new NodeOperationError("Invalid Custom Auth JSON in the httpCustomAuth credential", {
        description: 'It must be a JSON object such as {"headers": {"X-Key": "..."}, "qs": {...}, "body": {...}}',
        cause,
      });
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new NodeOperationError("Custom Auth JSON must be an object with headers, qs and/or body");
  }
  const record = parsed as Record<string, unknown>;
  const objectOf = (key: string): Record<string, unknown> => {
    const value = record[key];
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  };
  const headers = Object.fromEntries(Object.entries(objectOf("headers")).map(([k, v]) => [k, String(v)]));
  const query = objectOf("qs");
  const body = objectOf("body");
  return {
    credentialType: "httpCustomAuth",
    headers,
    query,
    body,
    secretHeaders: Object.keys(headers),
    secretQuery: Object.keys(query),
    secretBody: Object.keys(body),
  };
}

function requireField(type: string, value: string, field: string): void {
  if (!value) throw new NodeOperationError(`The ${type} credential has no ${field}`, { description: `Fill in '${field}' in the credential` });
}
