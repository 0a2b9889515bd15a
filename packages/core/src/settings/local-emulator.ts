// Where the emulator the user started listens, and the names it created: `pnpm start` writes
// `<data dir>/emulator.json` once it is ready and removes it when it stops; `mme --local` reads it, so
// `--local` follows an emulator started on other ports or with another data folder (MME_DATA_DIR).
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../process/repo-root.js";

export const LOCAL_EMULATOR_FILE = "emulator.json";

export interface LocalEmulatorInfo {
  /** The emulator process; a file whose process is gone is stale and ignored. */
  pid: number;
  /** SageMaker, SageMaker Runtime, CloudWatch and Logs APIs. */
  endpointUrl: string;
  /** The embedded (or external) S3. */
  s3EndpointUrl: string;
  region: string;
  bucketName: string;
  modelDataUrl: string;
  /** The ready endpoint it created at start-up, if any. */
  endpointName?: string;
}

/** The emulator's data folder: MME_DATA_DIR (relative to cwd), else `.mme` in the repository. */
export function localDataDir(env: Record<string, string | undefined>, cwd: string): string {
  return env.MME_DATA_DIR ? resolve(cwd, env.MME_DATA_DIR) : join(REPO_ROOT, ".mme");
}

export async function writeLocalEmulator(dataDir: string, info: LocalEmulatorInfo): Promise<void> {
  const file = join(dataDir, LOCAL_EMULATOR_FILE);
  await writeFile(`${file}.${info.pid}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  await rename(`${file}.${info.pid}.tmp`, file);
}

/** Removes the file if it still describes process `pid` (a later emulator may have replaced it). */
export async function removeLocalEmulator(dataDir: string, pid: number): Promise<void> {
  const file = join(dataDir, LOCAL_EMULATOR_FILE);
  if ((await readInfo(file))?.pid === pid) await rm(file, { force: true });
}

/** The running emulator described in `dataDir`, or undefined when none is (no file, or a stale one). */
export async function readLocalEmulator(dataDir: string): Promise<LocalEmulatorInfo | undefined> {
  const info = await readInfo(join(dataDir, LOCAL_EMULATOR_FILE));
  return info && isAlive(info.pid) ? info : undefined;
}

async function readInfo(file: string): Promise<LocalEmulatorInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, "utf8")) as Partial<LocalEmulatorInfo>;
    return typeof info.pid === "number" && typeof info.endpointUrl === "string"
      ? (info as LocalEmulatorInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
