// Model tarballs and folders from @mme/model-registry, generated on demand into the run's work folder
// (or taken from model_registry/generated/ when `pnpm models` already wrote them).

import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type ModelKind,
  modelOfKind,
  REGISTRY_ROOT,
  writeModel,
  writeModelFolder,
} from "@mme/model-registry";
import { fleetTarballs } from "./fleet-tarballs.js";

export class ModelArtifacts {
  readonly #tarballs = new Map<ModelKind, Promise<Uint8Array>>();
  readonly #folders = new Map<ModelKind, Promise<string>>();
  #fleet: Promise<Uint8Array[]> | undefined;
  #fleetSize = 0;

  constructor(
    private readonly workDir: string,
    private readonly progress: (message: string) => void,
  ) {}

  /** The registry's canonical tarball of `kind`. */
  tarball(kind: ModelKind): Promise<Uint8Array> {
    let pending = this.#tarballs.get(kind);
    if (!pending) {
      pending = this.#makeTarball(kind);
      this.#tarballs.set(kind, pending);
    }
    return pending;
  }

  /** An unpacked model folder of `kind` (what a container loads directly). */
  folder(kind: ModelKind): Promise<string> {
    let pending = this.#folders.get(kind);
    if (!pending) {
      // One repository per kind (folders/<kind>/<name>): a container is given the repository, as SageMaker
      // gives it the folder a tarball was extracted into, and Triton loads what is inside.
      pending = modelOfKind(kind).then((model) =>
        writeModelFolder(join(this.workDir, "folders", kind), model),
      );
      this.#folders.set(kind, pending);
    }
    return pending;
  }

  /** `count` distinct add_sub_onnx variants (distinct names and weights), as tarball bytes. */
  async fleet(count: number): Promise<Uint8Array[]> {
    if (!this.#fleet || this.#fleetSize < count) {
      this.#fleetSize = count;
      this.progress(`generating a fleet of ${count} distinct add_sub_onnx models`);
      this.#fleet = fleetTarballs(count);
    }
    return (await this.#fleet).slice(0, count);
  }

  async #makeTarball(kind: ModelKind): Promise<Uint8Array> {
    const prebuilt = join(REGISTRY_ROOT, "generated", `${kind}_v0.tar.gz`);
    if (
      await stat(prebuilt).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return readFile(prebuilt);
    this.progress(`generating ${kind} (not in model_registry/generated; \`pnpm models\` keeps it there)`);
    const { tarball } = await writeModel(join(this.workDir, "generated"), await modelOfKind(kind));
    return readFile(tarball);
  }
}
