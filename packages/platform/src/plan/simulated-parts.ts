// What the fleet simulation puts under the real ModelCache instead of S3, tar and a model server: a
// source whose "archive" is the object key, an extractor that reports the model's size without writing,
// and a container that loads at once and reports the model's memory footprint.
import { Readable } from "node:stream";
import type { SimulatedModel } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import type { ModelSource } from "../source/model-source.js";
import type { Extractor } from "../source/safe-extract.js";

export class SimulatedModels {
  readonly #byKey: Map<string, SimulatedModel>;
  /** Extracted path → key, so the container knows which model it is asked to load. */
  readonly #keyByPath = new Map<string, string>();

  constructor(models: SimulatedModel[]) {
    this.#byKey = new Map(models.map((m) => [m.targetModel, m]));
  }

  model(key: string): SimulatedModel {
    const model = this.#byKey.get(key);
    if (!model) throw new Error(`the trace names a model with no size: ${key}`);
    return model;
  }

  readonly source: ModelSource = {
    download: async (ref) => Readable.from([Buffer.from(ref.key)]),
  };

  readonly extract: Extractor = async (archive, destDir) => {
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    const key = Buffer.concat(chunks).toString();
    this.#keyByPath.set(destDir, key);
    return this.model(key).diskBytes;
  };

  container(): ModelContainer {
    const loaded = new Map<string, SimulatedModel>();
    const ok = { status: 200, headers: {}, body: new Uint8Array() };
    return {
      ping: async () => ok,
      load: async (name, url) => {
        loaded.set(name, this.model(this.#keyByPath.get(url) ?? ""));
        return ok;
      },
      unload: async (name) => (loaded.delete(name) ? ok : { ...ok, status: 404 }),
      list: async () => ({ models: [] }),
      describe: async (name) => {
        const model = loaded.get(name);
        return model && { modelName: name, modelUrl: "", memoryBytes: model.memoryBytes };
      },
      invoke: async () => ok,
      close: async () => loaded.clear(),
    };
  }
}
