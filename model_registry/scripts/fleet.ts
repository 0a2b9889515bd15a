// `pnpm models:fleet --count N [--kind add_sub_onnx|add_sub|resnet50|small_image] [--out DIR] [--start I]`
import { join } from "node:path";
import { parseArgs } from "node:util";
import { scriptArgv } from "@mme/core";
import { generateFleet, MODEL_KINDS, type ModelKind, REGISTRY_ROOT } from "../src/index.js";

const { values } = parseArgs({
  args: scriptArgv(),
  options: {
    count: { type: "string" },
    kind: { type: "string", default: "add_sub_onnx" },
    out: { type: "string" },
    start: { type: "string", default: "0" },
  },
});

const count = Number(values.count);
const start = Number(values.start);
if (!Number.isInteger(count) || count < 1) {
  console.error("--count N is required (a positive integer)");
  process.exit(2);
}
if (!Number.isInteger(start) || start < 0) {
  console.error("--start must be a non-negative integer");
  process.exit(2);
}
if (!(MODEL_KINDS as readonly string[]).includes(values.kind)) {
  console.error(`unknown --kind ${values.kind}; expected one of ${MODEL_KINDS.join(", ")}`);
  process.exit(2);
}
const kind = values.kind as ModelKind;
const outDir = values.out ?? join(REGISTRY_ROOT, "generated", "fleet", kind);

const entries = await generateFleet({ kind, count, outDir, startIndex: start });
for (const entry of entries) console.log(`${entry.tarballPath} ${entry.sha256}`);
console.log(`${entries.length} ${kind} tarballs in ${outDir}`);
