// vitest's global set-up (vitest.config.ts): the first `pnpm test` makes `.venv`, and every test process
// (forked after this runs, inheriting PATH) starts `python3` and `aws` from it.
import { delimiter } from "node:path";
import { ensurePythonEnv } from "./python-env.js";

export default async function setup(): Promise<void> {
  const { binDir } = await ensurePythonEnv({ log: (line) => console.error(`python-env: ${line}`) });
  if (!process.env.PATH?.split(delimiter).includes(binDir)) {
    process.env.PATH = `${binDir}${delimiter}${process.env.PATH ?? ""}`;
  }
}
