import type { Command } from "../command";

/**
 * Every `./bos wf` command, one file each under commands/. Add a command by importing it here and
 * appending it to the list (one line each, so parallel work does not collide).
 */
export const commands: Command[] = [
];
