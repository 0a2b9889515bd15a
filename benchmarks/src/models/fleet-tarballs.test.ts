import { gunzipSync } from "node:zlib";
import { addSubOnnxModel, fleetModelName, seedFromString } from "@mme/model-registry";
import { extract } from "tar-stream";
import { describe, expect, it } from "vitest";
import { fleetTarball, fleetTarballs } from "./fleet-tarballs.js";

async function entriesOf(tarball: Uint8Array): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        entries.set(`${header.type}:${header.name}`, Buffer.concat(chunks));
        next();
      });
    });
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.end(gunzipSync(tarball));
  await done;
  return entries;
}

describe("fleetTarball", () => {
  it("packs the registry's variant in SageMaker's layout: the model folder, config.pbtxt, 1/model.onnx", async () => {
    const name = fleetModelName("add_sub_onnx", 42);
    const model = addSubOnnxModel({ name, seed: seedFromString(name) });
    const entries = await entriesOf(await fleetTarball(42));
    expect([...entries.keys()]).toEqual([
      `directory:${name}/`,
      `directory:${name}/1/`,
      `file:${name}/1/model.onnx`,
      `file:${name}/config.pbtxt`,
    ]);
    expect(entries.get(`file:${name}/config.pbtxt`)?.toString()).toBe(model.files["config.pbtxt"]);
    expect(entries.get(`file:${name}/1/model.onnx`)).toEqual(
      Buffer.from(model.files["1/model.onnx"] as Uint8Array),
    );
  });

  it("gives distinct, reproducible variants", async () => {
    const [a, b] = await fleetTarballs(2);
    expect(Buffer.from(a!)).not.toEqual(Buffer.from(b!));
    expect(Buffer.from(await fleetTarball(1))).toEqual(Buffer.from(b!));
  });
});
