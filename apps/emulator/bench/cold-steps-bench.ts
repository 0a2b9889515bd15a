// Cold start split into download / extract / load / first inference: each step timed ALONE, next to
// the same steps INSIDE the emulator (one cold request per round to a fresh key, split read from
// /metrics). Markdown on stdout, progress on stderr.
//
//   node --conditions=source --import tsx apps/emulator/bench/cold-steps-bench.ts [--rounds 5] [--model resnet50]
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { createS3Client, LOCAL_PROFILE, modelObjectLocation } from "@mme/core";
import { S3ModelSource } from "@mme/platform";
import { EmbeddedRuntime } from "@mme/runtime";
import { pino } from "pino";
import { loadConfig, REPO_ROOT } from "../src/config/emulator-config.js";
import { startEmulator } from "../src/lifecycle/start-emulator.js";
import { startEmbeddedS3 } from "../src/s3/embedded-s3.js";
import { type BenchModel, MODEL_LABELS, type ModelLabel, prepareModels } from "./bench-models.js";
import { type ModelResult, renderModelTable, TABLE_NOTES } from "./report-table.js";
import { timeStepsAlone } from "./steps-alone.js";
import { timeColdRequest } from "./steps-in-emulator.js";

class UsageError extends Error {
  override readonly name = "UsageError";
}

interface BenchOptions {
  rounds: number;
  labels: ModelLabel[];
}

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: "string", default: "5" },
      model: { type: "string", multiple: true },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`usage: cold-steps-bench.ts [--rounds N] [--model ${MODEL_LABELS.join("|")}]...\n`);
    process.exit(0);
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--rounds must be a positive integer`);
  const labels = (values.model ?? [...MODEL_LABELS]).map((label) => {
    if (!(MODEL_LABELS as readonly string[]).includes(label)) {
      throw new UsageError(`unknown --model ${label}; one of ${MODEL_LABELS.join(", ")}`);
    }
    return label as ModelLabel;
  });
  return { rounds, labels };
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = await mkdtemp(join(os.tmpdir(), "mme-cold-steps-"));
  const runId = `cold-steps-${Date.now().toString(36)}`;
  const loadBefore = os.loadavg()[0]!;
  const silent = pino({ level: "silent" });
  const prepared = await prepareModels(join(REPO_ROOT, "model_registry"), options.labels);
  const s3Server = await startEmbeddedS3({
    host: "127.0.0.1",
    port: 0,
    directory: join(root, "s3"),
    buckets: [LOCAL_PROFILE.bucketName],
  });
  // The emulator builds its own S3 client from the default credential chain when given an external S3.
  process.env.AWS_ACCESS_KEY_ID ??= LOCAL_PROFILE.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= LOCAL_PROFILE.credentials.secretAccessKey;
  const s3 = createS3Client({
    endpoint: s3Server.url,
    region: LOCAL_PROFILE.region,
    credentials: LOCAL_PROFILE.credentials,
  });
  const emulator = await startEmulator(
    {
      ...loadConfig([], {}),
      port: 0,
      s3Url: s3Server.url,
      dataDir: join(root, "emulator"),
      createDelayMs: 0,
      seed: false,
      defaultEndpoint: true,
      logLevel: "silent",
    },
    { logger: silent },
  );
  const runtime = new EmbeddedRuntime({ logger: silent });
  const client = new SageMakerRuntimeClient({
    endpoint: emulator.url,
    region: LOCAL_PROFILE.region,
    credentials: LOCAL_PROFILE.credentials,
  });
  const source = new S3ModelSource({ client: s3 });

  const results: ModelResult[] = [];
  try {
    for (const model of prepared.models) {
      const targets = Array.from(
        { length: options.rounds },
        (_, i) => `${runId}/${model.label}_r${i}.tar.gz`,
      );
      progress(`${model.label}: uploading ${targets.length} copies`);
      for (const target of targets) await upload(s3, model, target);
      const result: ModelResult = {
        model,
        tarballBytes: (await stat(model.tarball)).size,
        alone: [],
        inEmulator: [],
      };
      for (const [round, target] of targets.entries()) {
        const location = modelObjectLocation(LOCAL_PROFILE.modelDataUrl, target);
        const alone = () =>
          timeStepsAlone({ source, runtime, ...location, model, workDir: join(root, "alone"), round });
        const inEmulator = () =>
          timeColdRequest({
            client,
            emulatorUrl: emulator.url,
            endpointName: LOCAL_PROFILE.endpointName,
            targetModel: target,
            model,
          });
        // Alternate which goes first, so neither always runs on a freshly warmed page cache.
        if (round % 2 === 0) {
          result.alone.push(await alone());
          result.inEmulator.push(await inEmulator());
        } else {
          result.inEmulator.push(await inEmulator());
          result.alone.push(await alone());
        }
        const last = result.inEmulator.at(-1)!;
        progress(
          `${model.label}: round ${round + 1}/${options.rounds}, cold request ${last.total.toFixed(1)} ms`,
        );
      }
      results.push(result);
    }
  } finally {
    client.destroy();
    await runtime.close();
    await emulator.close();
    source.close();
    await s3Server.close();
    await prepared.cleanup();
    await rm(root, { recursive: true, force: true });
  }

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    "## Cold start, step by step: alone vs inside the emulator",
    "",
    `${os.cpus().length} × ${cpu}, Node ${process.version}, embedded runtime (ONNX Runtime CPU, python3 workers),`,
    `s3rver on loopback. Load average (1 min) ${loadBefore.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end.`,
    "",
    ...results.flatMap((result) => [renderModelTable(result), ""]),
    TABLE_NOTES,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function upload(
  s3: ReturnType<typeof createS3Client>,
  model: BenchModel,
  target: string,
): Promise<void> {
  const { bucket, key } = modelObjectLocation(LOCAL_PROFILE.modelDataUrl, target);
  const { size } = await stat(model.tarball);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(model.tarball),
      ContentLength: size,
      ContentType: "application/gzip",
    }),
  );
}

main().catch((error: unknown) => {
  const err = error as Error;
  process.stderr.write(`cold-steps-bench: ${err.name}: ${err.message}\n`);
  process.exitCode = 1;
});
