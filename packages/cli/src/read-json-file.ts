import { readFileSync, statSync } from "node:fs";
import { CliError } from "./command";

/** Largest file the workflow commands read: the workflow size limit (5 MB). */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/**
 * Reads and parses a JSON file for a command. The size is checked before the file is read, so a
 * huge file costs nothing. A missing file exits 2 (the command could not run); a file that is too
 * big or not JSON exits 1 (the input is invalid). Messages name the file and say what to do.
 */
export function readJsonFile(path: string, maxBytes = MAX_INPUT_BYTES): { value: unknown; bytes: number } {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new CliError(`${path} is not a file. Pass the path of a workflow JSON file.`, 2);
    size = stats.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot read ${path}: ${describeFsError(error)}.`, 2);
  }
  if (size > maxBytes) {
    throw new CliError(`${path} is ${size} bytes; workflow files may be at most ${maxBytes} bytes (5 MB). Remove pinned data or split the workflow.`, 1);
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${describeFsError(error)}.`, 2);
  }
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, "")) as unknown, bytes: size };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${path} is not valid JSON (${reason}). Check the file is a workflow export, not HTML or YAML.`, 1);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
