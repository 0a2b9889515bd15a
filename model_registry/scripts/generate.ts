// `pnpm models [--kind K]... [--out DIR] [--if-missing]`: writes the registry's models (folders +
// <name>_v0.tar.gz). --if-missing keeps a model whose tarball is already there (what `pnpm start` uses).
// triton-serve-pt is written in place, as model_registry/triton-serve-pt/1/model.pt (the seed workflow
// adds that folder), where torch imports; elsewhere it is skipped with one line saying why.
import { createHash } from "node:crypto";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { scriptArgv } from "@mme/core";
import {
  ensureTritonServePt,
  MODEL_KINDS,
  type ModelKind,
  modelOfKind,
  REGISTRY_ROOT,
  TorchUnavailableError,
  TRITON_SERVE_PT_MODEL_FILE,
  writeModel,
} from "../src/index.js";

const { values } = parseArgs({
  args: scriptArgv(),
  options: {
    kind: { type: "string", multiple: true },
    out: { type: "string", default: join(REGISTRY_ROOT, "generated") },
    "if-missing": { type: "boolean", default: false },
  },
});

function isKind(value: string): value is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(value);
}

const requested = values.kind ?? [...MODEL_KINDS];
const unknown = requested.filter((k) => !isKind(k));
if (unknown.length > 0) {
  console.error(`unknown --kind ${unknown.join(", ")}; expected one of ${MODEL_KINDS.join(", ")}`);
  process.exit(2);
}

for (const kind of requested as ModelKind[]) {
  if (kind === "add_sub") {
    const hasSource = await access(join(REGISTRY_ROOT, "add_sub", "1", "model.py")).then(
      () => true,
      () => false,
    );
    if (!hasSource) {
      console.warn("skipping add_sub: model_registry/add_sub/1/model.py is missing");
      continue;
    }
  }
  if (kind === "triton-serve-pt") {
    const started = performance.now();
    try {
      const written = await ensureTritonServePt({ force: !values["if-missing"] });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (written) console.log(`${kind}: ${TRITON_SERVE_PT_MODEL_FILE} (${seconds} s)`);
    } catch (error) {
      if (!(error instanceof TorchUnavailableError)) throw error;
      console.warn(`skipping ${kind}: ${error.message}`);
    }
    continue;
  }
  // Models are named after their kind unless a name is given, and this script gives none.
  if (values["if-missing"] && (await exists(join(values.out, `${kind}_v0.tar.gz`)))) continue;
  const started = performance.now();
  const { modelDir, tarball } = await writeModel(values.out, await modelOfKind(kind));
  const sha = createHash("sha256")
    .update(await readFile(tarball))
    .digest("hex");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${kind}: ${modelDir} + ${tarball} (sha256 ${sha}, ${seconds} s)`);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
