// The churn and scale fleets: N distinct add_sub_onnx variants (the registry's names and weights, as
// generateFleet makes them), packed in memory (tar-stream + gzip) with no folder or file per model: 10,000
// of them go straight to the upload without 60,000 file-system operations.
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { addSubOnnxModel, fleetModelName, type ModelFiles, seedFromString } from "@mme/model-registry";
import { pack } from "tar-stream";

const gzipAsync = promisify(gzip);
/** Fixed, so a variant's tarball is the same bytes on every run. */
const MTIME = new Date(0);

/** `<name>/`, its sub-folders and files in sorted order, as SageMaker MME tarballs are laid out. */
async function tarOf(model: ModelFiles): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  const folders = new Set<string>([model.name]);
  const files = Object.keys(model.files).sort();
  for (const relative of files) {
    const parts = relative.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(`${model.name}/${parts.slice(0, i).join("/")}`);
  }
  for (const folder of [...folders].sort()) {
    archive.entry({ name: `${folder}/`, type: "directory", mode: 0o755, mtime: MTIME });
  }
  for (const relative of files) {
    const contents = model.files[relative] ?? "";
    const data = typeof contents === "string" ? Buffer.from(contents) : Buffer.from(contents);
    archive.entry({ name: `${model.name}/${relative}`, mode: 0o644, mtime: MTIME }, data);
  }
  archive.finalize();
  await ended;
  return gzipAsync(Buffer.concat(chunks));
}

/** Variant `index` of the fleet, as tarball bytes. */
export async function fleetTarball(index: number): Promise<Uint8Array> {
  const name = fleetModelName("add_sub_onnx", index);
  return tarOf(addSubOnnxModel({ name, seed: seedFromString(name) }));
}

/** Variants 0..count-1, `concurrency` at a time (gzip runs on libuv's pool). */
export async function fleetTarballs(count: number, concurrency = 8): Promise<Uint8Array[]> {
  const out = new Array<Uint8Array>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      out[index] = await fleetTarball(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}
