import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/** Paths pino masks in every log line: tokens, passwords, credentials, wherever they appear. */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "secret",
  "*.secret",
  "*.jwtSecret",
  "apiKey",
  "*.apiKey",
  "credentials",
  "*.credentials",
  "*.databaseUrl",
  "*.databaseAdminUrl",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers[\"x-api-key\"]",
  "headers.authorization",
];

export interface LoggerOptions {
  /** Service name on every line. */
  name: string;
  /** pino level; default "info". */
  level?: string;
}

/** The one root logger of a process; everything else uses `.child({...ids})`. */
export function createRootLogger(options: LoggerOptions, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? "info",
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { service: options.name, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
