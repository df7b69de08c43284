import type { Command } from "../command";
import { validateCommand } from "./validate";
import { importN8nCommand } from "./import-n8n";
import { exportN8nCommand } from "./export-n8n";
import { diffCommand } from "./diff";
import { runCommand } from "./run";
import { debugCommand } from "./debug";

/**
 * Every `./bos wf` command, one file each under commands/. Add a command by importing it here and
 * appending it to the list (one line each, so parallel work does not collide).
 */
export const commands: Command[] = [
  validateCommand,
  importN8nCommand,
  exportN8nCommand,
  diffCommand,
  runCommand,
  debugCommand,
];
