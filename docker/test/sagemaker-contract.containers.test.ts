// The SageMaker contract suite (packages/runtime/src/test-support/sagemaker-contract.ts) against real
// containers: NVIDIA Triton in SageMaker MME mode, and the runtime image that claims to be its twin.
// Each gets a host folder mounted at /opt/ml/models; the suite runs as `pnpm test` runs it, with
// MME_CONTRACT_URL pointing at the container.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningContainer,
  sharedModelsDir,
  startRuntimeContainer,
  startTritonContainer,
} from "./support/containers.js";
import { checkGroup, imageRequirement } from "./support/requirements.js";
import { containerSuiteSettings, REPO_ROOT } from "./support/settings.js";

const run = promisify(execFile);
const settings = containerSuiteSettings();
const CONTRACT = "packages/runtime/src/http/sagemaker-contract.integration.test.ts";

async function runContract(url: string, modelsDir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run("pnpm", ["vitest", "run", CONTRACT], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        MME_CONTRACT_URL: url,
        MME_CONTRACT_MODELS_ROOT: "/opt/ml/models",
        MME_CONTRACT_MODELS_DIR: modelsDir,
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const targets = [
  {
    label: `Triton ${settings.tritonImage}`,
    image: settings.tritonImage,
    start: (modelsDir: string) => startTritonContainer(settings.tritonImage, { modelsDir }),
  },
  {
    label: `runtime image ${settings.runtimeImage}`,
    image: settings.runtimeImage,
    start: (modelsDir: string) => startRuntimeContainer(settings.runtimeImage, { modelsDir }),
  },
];

for (const target of targets) {
  const ready = await checkGroup(`${target.label}: the SageMaker contract suite`, [
    imageRequirement(target.image, settings),
  ]);
  describe.skipIf(!ready)(`${target.label} keeps the SageMaker contract`, () => {
    let container: RunningContainer;
    let models: Awaited<ReturnType<typeof sharedModelsDir>>;
    beforeAll(async () => {
      models = await sharedModelsDir();
      container = await target.start(models.path);
    });
    afterAll(async () => {
      await container?.stop();
      await models?.remove();
    });

    it("passes every assertion of the contract suite", { timeout: 300_000 }, async () => {
      const result = await runContract(container.url(8080), models.path);
      expect(result.code, `${result.output}\n${container.logs()}`).toBe(0);
    });
  });
}
