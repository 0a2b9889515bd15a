// `pnpm python-env` (run by `pnpm start`): makes `.venv` satisfy requirements-dev.txt, or says in one line
// what is missing and how to add it.
import { ensurePythonEnv } from "./python-env.js";

try {
  await ensurePythonEnv({ log: (line) => console.error(`python-env: ${line}`) });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
