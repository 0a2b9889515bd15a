import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "@mme/core";
import { cliIo } from "../io.js";

/** The bytes of --body FILE. */
export async function readBodyFile(file: string | undefined, flag = "--body"): Promise<Uint8Array> {
  if (!file) throw new UsageError(`${flag} FILE is required`);
  try {
    return new Uint8Array(await readFile(resolve(cliIo().cwd, file)));
  } catch (error) {
    throw new UsageError(
      `${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Response bytes for --json: text when they are UTF-8, base64 otherwise. */
export function bodyForJson(body: Uint8Array): { body: string } | { bodyBase64: string } {
  try {
    return { body: new TextDecoder("utf-8", { fatal: true }).decode(body) };
  } catch {
    return { bodyBase64: Buffer.from(body).toString("base64") };
  }
}
