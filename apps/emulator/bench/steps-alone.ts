// Each cold-start step on its own, in this process: S3 download to nowhere, extraction of the local
// tarball, load into an EmbeddedRuntime, first inference. Nothing overlaps.
import { createReadStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3ModelSource } from "@mme/platform";
import { safeExtract } from "@mme/platform";
import type { EmbeddedRuntime } from "@mme/runtime";
import type { BenchModel } from "./bench-models.js";

export interface AloneTimesMs {
  download: number;
  extract: number;
  load: number;
  firstInference: number;
}

export interface AloneRound {
  source: S3ModelSource;
  runtime: EmbeddedRuntime;
  bucket: string;
  key: string;
  model: BenchModel;
  /** A fresh folder; the model is extracted to <workDir>/<name>/model as the emulator lays it out. */
  workDir: string;
  round: number;
}

export class StepFailedError extends Error {
  override readonly name = "StepFailedError";
}

export async function timeStepsAlone(round: AloneRound): Promise<AloneTimesMs> {
  const download = await timed(() => downloadToNowhere(round));

  const name = `alone_${round.model.label}_${round.round}`;
  const modelPath = join(round.workDir, name, "model");
  await mkdir(join(round.workDir, name), { recursive: true });
  const extract = await timed(() => safeExtract(createReadStream(round.model.tarball), modelPath));

  try {
    const load = await timed(async () => {
      const res = await round.runtime.load(name, modelPath);
      if (res.status !== 200) throw new StepFailedError(`load of ${name}: ${res.status} ${text(res.body)}`);
    });
    const { payload } = round.model;
    const firstInference = await timed(async () => {
      const res = await round.runtime.invoke(name, payload.body, {
        ...payload.headers,
        "content-type": payload.contentType,
      });
      if (res.status !== 200) throw new StepFailedError(`invoke of ${name}: ${res.status} ${text(res.body)}`);
    });
    return { download, extract, load, firstInference };
  } finally {
    await round.runtime.unload(name);
    await rm(join(round.workDir, name), { recursive: true, force: true });
  }
}

async function downloadToNowhere(round: AloneRound): Promise<void> {
  const body = await round.source.download({ bucket: round.bucket, key: round.key });
  await pipeline(
    body,
    new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    }),
  );
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await step();
  return performance.now() - started;
}

function text(body: Uint8Array): string {
  return new TextDecoder().decode(body).slice(0, 300);
}
