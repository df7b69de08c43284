import { DateTime } from "luxon";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
}

function twelveHour(time: DateTime): string {
  const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
  return `${hour}:${time.toFormat("mm:ss")} ${time.hour < 12 ? "am" : "pm"}`;
}

/** Reads the fire time a host put in the trigger input (`json.timestamp`, ISO text or epoch ms). */
export function fireTimeOf(json: Record<string, unknown> | undefined): Date | undefined {
  const value = json?.timestamp;
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value);
  if (typeof value === "string") {
    const parsed = DateTime.fromISO(value, { setZone: true });
    if (parsed.isValid) return parsed.toJSDate();
  }
  return undefined;
}

/**
 * The item a Schedule Trigger emits for a firing at `at`, in the workflow's zone, with n8n's keys
 * and formats (moment-style text: "November 25th 2026, 9:00:00 am").
 */
export function scheduleItemJson(at: Date, zone: string): Record<string, string> {
  const time = DateTime.fromJSDate(at, { zone });
  if (!time.isValid) throw new Error(`Unknown time zone '${zone}'`);
  const offset = time.toFormat("ZZ");
  return {
    timestamp: time.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + offset,
    "Readable date": `${MONTHS[time.month - 1]} ${ordinal(time.day)} ${time.year}, ${twelveHour(time)}`,
    "Readable time": twelveHour(time),
    "Day of week": WEEKDAYS[time.weekday - 1] ?? "",
    Year: time.toFormat("yyyy"),
    Month: MONTHS[time.month - 1] ?? "",
    "Day of month": time.toFormat("dd"),
    Hour: time.toFormat("HH"),
    Minute: time.toFormat("mm"),
    Second: time.toFormat("ss"),
    Timezone: `${zone} (UTC${offset})`,
  };
}
