// The SageMaker contract suite (test-support/sagemaker-contract.ts) against MME_CONTRACT_URL, or, unset,
// against @mme/runtime's own process. With a URL, MME_CONTRACT_MODELS_ROOT is the models folder as the
// container sees it and MME_CONTRACT_MODELS_DIR the same folder here (default: the root itself).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRuntimeProcess } from "../test-support/runtime-process.js";
import { describeSageMakerContract } from "../test-support/sagemaker-contract.js";

const url = process.env.MME_CONTRACT_URL;

describeSageMakerContract(url ? `the container at ${url}` : "@mme/runtime over HTTP", async () => {
  if (url) {
    const modelsRoot = process.env.MME_CONTRACT_MODELS_ROOT;
    if (!modelsRoot)
      throw new Error("MME_CONTRACT_URL needs MME_CONTRACT_MODELS_ROOT: a models folder the container reads");
    return {
      url,
      modelsRoot,
      modelsDir: process.env.MME_CONTRACT_MODELS_DIR ?? modelsRoot,
      stop: async () => {},
    };
  }
  const modelsRoot = await mkdtemp(join(tmpdir(), "mme-contract-"));
  const server = await startRuntimeProcess();
  return {
    url: server.url,
    modelsRoot,
    modelsDir: modelsRoot,
    stop: async () => {
      await server.stop();
      await rm(modelsRoot, { recursive: true, force: true });
    },
  };
});
