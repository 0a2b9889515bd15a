import { cliIo } from "./io.js";

/** One line rewritten in place on a terminal; a line per status change otherwise. */
export function statusLine(resource: string) {
  const { stderr } = cliIo();
  let last = "";
  return {
    update(status: string, elapsedMs: number) {
      const text = `${resource}: ${status} (${Math.round(elapsedMs / 1000)} s)`;
      if (stderr.isTTY) stderr.write(`\r\x1b[2K${text}`);
      else if (status !== last) stderr.write(`${text}\n`);
      last = status;
    },
    done() {
      if (stderr.isTTY && last) stderr.write("\n");
    },
  };
}
