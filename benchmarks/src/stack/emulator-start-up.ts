// What an emulator started by the benchmarks prints once it is up (apps/emulator/src/main.ts), and the wait
// for its start-up work: with the in-process runtime it warms its cold path, then probes its Python
// interpreters (importing torch takes a core for a second or two), after its ready line. Nothing is
// measured before both are done.
import type { ChildProgram } from "@mme/core/process";

export const EMULATOR_READY_LINE =
  /mme emulator ready: SageMaker API (http:\/\/\S+?),? S3 (http:\/\/[^\s;,]+)/;
/** The interpreter report's last line: one per kind of Python model, or one for an explicit MME_PYTHON. */
const START_UP_DONE_LINE =
  /mme emulator: (TorchScript and torch-importing Python models|Python and TorchScript models run on)/;

/** Resolves once an in-process-runtime emulator has finished its start-up work. */
export async function startUpWorkDone(emulator: ChildProgram, timeoutMs: number): Promise<void> {
  await emulator.waitForLine(START_UP_DONE_LINE, timeoutMs);
}
