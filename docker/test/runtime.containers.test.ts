// The embedded runtime's image as SageMaker would run it: `docker run <image> serve`, models under
// /opt/ml/models/<name>/model, the MME container contract on port 8080.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningContainer, startRuntimeContainer } from "./support/containers.js";
import {
  ADD_SUB_DIFFERENCE,
  ADD_SUB_REQUEST,
  ADD_SUB_SUM,
  type ModelWorkspace,
  modelWorkspace,
  outputNamed,
} from "./support/models.js";
import { checkGroup, imageRequirement } from "./support/requirements.js";
import { containerSuiteSettings } from "./support/settings.js";

const settings = containerSuiteSettings();
const canRun = await checkGroup(`runtime image ${settings.runtimeImage}: MME container contract`, [
  imageRequirement(settings.runtimeImage, settings),
]);

describe.skipIf(!canRun)("runtime image: the MME container contract", () => {
  let runtime: RunningContainer;
  let models: ModelWorkspace;

  beforeAll(async () => {
    models = await modelWorkspace();
    const onnx = await models.write("add_sub_onnx");
    const python = await models.write("add_sub");
    runtime = await startRuntimeContainer(settings.runtimeImage);
    // What the platform does before calling load: the model extracted to /opt/ml/models/<name>/model.
    await runtime.container.copyDirectoriesToContainer([
      { source: onnx.modelDir, target: "/opt/ml/models/add_sub_onnx/model" },
      { source: python.modelDir, target: "/opt/ml/models/add_sub/model" },
    ]);
  });

  afterAll(async () => {
    await runtime?.stop();
    await models?.remove();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${runtime.url(8080)}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("is labelled for multi-model endpoints and runs as a non-root user", async () => {
    expect(runtime.container.getLabels()["com.amazonaws.sagemaker.capabilities.multi-models"]).toBe("true");
    const { output } = await runtime.container.exec(["id", "-un"]);
    expect(output.trim()).toBe("node");
  });

  it("answers /ping once healthy", async () => {
    expect((await call("GET", "/ping")).status).toBe(200);
  });

  for (const name of ["add_sub_onnx", "add_sub"]) {
    it(`loads, lists, invokes and unloads ${name}`, async () => {
      const url = `/opt/ml/models/${name}/model`;
      expect((await call("POST", "/models", { model_name: name, url })).status).toBe(200);
      expect((await call("POST", "/models", { model_name: name, url })).status).toBe(409);

      const listed = (await (await call("GET", "/models")).json()) as {
        models: Array<{ modelName: string }>;
      };
      expect(listed.models.map((m) => m.modelName)).toContain(name);
      expect((await call("GET", `/models/${name}`)).status).toBe(200);

      const invoked = await call("POST", `/models/${name}/invoke`, ADD_SUB_REQUEST);
      expect(invoked.status).toBe(200);
      const body = await invoked.json();
      expect(outputNamed(body, "OUTPUT0").data).toEqual(ADD_SUB_SUM);
      expect(outputNamed(body, "OUTPUT1").data).toEqual(ADD_SUB_DIFFERENCE);

      expect((await call("DELETE", `/models/${name}`)).status).toBe(200);
      expect((await call("GET", `/models/${name}`)).status).toBe(404);
    });
  }

  it("refuses a load of a folder that is not there, and keeps serving", async () => {
    const response = await call("POST", "/models", {
      model_name: "missing",
      url: "/opt/ml/models/missing/model",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await call("GET", "/ping")).status).toBe(200);
  });
});
