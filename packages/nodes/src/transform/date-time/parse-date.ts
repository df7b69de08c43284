import { NodeOperationError } from "@bos/node-sdk";
import { DateTime } from "luxon";

/** Digits of a millisecond timestamp from 1990 on; shorter integers are seconds (n8n's rule). */
const MILLISECOND_DIGITS = 12;

export interface ParseDateOptions {
  /** IANA zone the result is expressed in; text without an offset is read in it (default: UTC). */
  timezone?: string;
  /** Luxon tokens the text is in, when it is not a format recognised on its own. */
  fromFormat?: string;
}

/** Throws n8n's error when a zone name is unknown. */
export function assertZone(zone: string): void {
  if (!DateTime.now().setZone(zone).isValid) {
    throw new NodeOperationError(`The timezone ${zone} is not valid. Please check the timezone.`, {
      description: "Use an IANA zone name such as Europe/Berlin, America/New_York or UTC",
    });
  }
}

/**
 * Reads a date as the Date & Time node does: Unix timestamps (seconds or milliseconds, as text or
 * number), ISO 8601, RFC 2822, HTTP and SQL dates, then anything `Date.parse` understands. Text with
 * an offset keeps that offset unless a timezone is given.
 */
export function parseDate(value: unknown, options: ParseDateOptions = {}): DateTime {
  const zone = options.timezone || "UTC";
  if (options.timezone) assertZone(options.timezone);
  let parsed: DateTime | undefined;
  if (options.fromFormat) {
    parsed = DateTime.fromFormat(String(value), options.fromFormat, { zone, setZone: true });
  } else if (typeof value === "number" || (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))) {
    const number = Number(value);
    if (Number.isInteger(number)) {
      parsed = String(number).length < MILLISECOND_DIGITS ? DateTime.fromSeconds(number, { zone }) : DateTime.fromMillis(number, { zone });
    } else {
      parsed = DateTime.fromMillis(Math.round(number * 1000), { zone });
    }
  } else if (typeof value === "string") {
    parsed = parseText(value.trim(), zone);
  }
  if (!parsed || !parsed.isValid) {
    throw new NodeOperationError("Invalid date format", {
      description: `Could not read '${String(value)}' as a date. Use an ISO 8601 date (2024-03-01T10:30:00Z), a Unix timestamp, or set 'From Date Format'.`,
    });
  }
  return options.timezone ? parsed.setZone(options.timezone) : parsed;
}

function parseText(text: string, zone: string): DateTime | undefined {
  const readers = [
    () => DateTime.fromISO(text, { zone, setZone: true }),
    () => DateTime.fromRFC2822(text, { zone, setZone: true }),
    () => DateTime.fromHTTP(text, { zone, setZone: true }),
    () => DateTime.fromSQL(text, { zone, setZone: true }),
  ];
  for (const read of readers) {
    const date = read();
    if (date.isValid) return date;
  }
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : DateTime.fromMillis(millis, { zone });
}
