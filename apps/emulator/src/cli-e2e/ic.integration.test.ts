// `mme ic create|list|describe|scale|delete` (in-process, real AWS SDK clients) against a running
// emulator: the first create makes the inference-component endpoint, components scale to 0 and back,
// bad input is one line and a non-zero exit.
import { DescribeEndpointConfigCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { runMme } from "@mme/cli/test-support";
import { addSubOnnxModel } from "@mme/model-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadModel } from "../test-support/component-models.js";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  // The README's model: add_sub as ONNX (OUTPUT0 = sum, OUTPUT1 = difference).
  await uploadModel(emulator.s3Url, "models/add_sub_v0.tar.gz", addSubOnnxModel({ name: "add_sub" }));
});
afterAll(async () => {
  await emulator?.stop();
});

function mme(...argv: string[]) {
  return runMme([...argv, "--local", "--endpoint-url", emulator.url, "--s3-endpoint-url", emulator.s3Url], {
    env: { MME_ENDPOINT_NAME: "ic-demo" },
  });
}

describe("mme ic against the emulator", () => {
  it("creates the endpoint and a component, waiting with progress until every copy is up", async () => {
    const created = await mme(
      "ic",
      "create",
      "add-sub",
      "--model-data-url",
      "s3://mme-models/models/add_sub_v0.tar.gz",
      "--memory",
      "1024",
      "--cpus",
      "1",
      "--copies",
      "2",
      "--managed-scaling",
      "0-2",
      "--routing",
      "random",
      "--poll-interval",
      "0.1",
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain("created endpoint config ic-demo-config and endpoint ic-demo");
    expect(created.stderr).toContain("endpoint ic-demo: InService");
    expect(created.stderr).toContain("created model add-sub and inference component add-sub on ic-demo");
    expect(created.stderr).toContain("inference component add-sub: InService, copies 2");
    expect(created.stdout).toMatch(/^inference component\s+add-sub \(InService\)$/m);
    expect(created.stdout).toMatch(/^copies\s+2$/m);
    expect(created.stdout).toMatch(/^per copy\s+1 CPU cores, 1024 MB memory$/m);

    const client = new SageMakerClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
    });
    const config = await client.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: "ic-demo-config" }),
    );
    client.destroy();
    expect(config.ProductionVariants?.[0]).toMatchObject({
      VariantName: "AllTraffic",
      ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
      RoutingConfig: { RoutingStrategy: "RANDOM" },
    });
    expect(config.ProductionVariants?.[0]?.ModelName).toBeUndefined();
  });

  it("adds a second component from an existing model on the existing endpoint, as JSON", async () => {
    const created = await mme(
      "ic",
      "create",
      "second",
      "--model",
      "add-sub",
      "--memory",
      "2048",
      "--json",
      "--poll-interval",
      "0.1",
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: "second",
      endpointName: "ic-demo",
      status: "InService",
      modelName: "add-sub",
      desiredCopies: 1,
      currentCopies: 1,
      memoryMb: 2048,
      createdEndpoint: false,
      createdModel: false,
    });
  });

  it("lists the endpoint's components as a table and as JSON", async () => {
    const listed = await mme("ic", "list");
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      /^NAME\s+STATUS\s+COPIES\s+MODEL\nadd-sub\s+InService\s+2\s+add-sub\nsecond\s+InService\s+1\s+add-sub\n$/,
    );
    const json = await mme("ic", "list", "--all", "--json");
    expect(
      JSON.parse(json.stdout).map((c: { name: string; endpointName: string }) => [c.name, c.endpointName]),
    ).toEqual([
      ["add-sub", "ic-demo"],
      ["second", "ic-demo"],
    ]);
    const elsewhere = await mme("ic", "list", "--endpoint-name", "other");
    expect(elsewhere.stdout).toBe("no inference components on other\n");
  });

  it("calls a component's model with call-model --component, as text and as JSON", async () => {
    const called = await mme("call-model", "--component", "add-sub");
    expect(called.code, called.stderr).toBe(0);
    expect(called.stdout).toBe("OUTPUT0 FP32 [4]: 5 5 5 5\nOUTPUT1 FP32 [4]: -3 -1 1 3\n");
    const json = await mme("call-model", "--component", "second", "--json");
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      component: "second",
      outputs: [
        { name: "OUTPUT0", data: [5, 5, 5, 5] },
        { name: "OUTPUT1", data: [-3, -1, 1, 3] },
      ],
    });
  });

  it("shows each copy to the explorer: its instance, requests in flight and served, status", () => {
    const copies = emulator.plane.inferenceComponents.copies("add-sub");
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      expect(copy).toMatchObject({ inFlight: 0, status: "InService" });
      expect(copy.copyId).toMatch(/^[0-9a-f]{16}$/);
      expect(copy.instanceId).toMatch(/^i-0[0-9a-f]{16}$/);
    }
    // The call-model above went to one of them.
    expect(copies.reduce((sum, copy) => sum + copy.invocations, 0)).toBe(1);
    expect(emulator.plane.inferenceComponents.copies("nope")).toEqual([]);
  });

  it("reads a component's log group with mme logs --component, a stream per copy", async () => {
    const read = await mme("logs", "--component", "add-sub", "--filter", "model loaded", "--json");
    expect(read.code, read.stderr).toBe(0);
    const events = JSON.parse(read.stdout) as { stream: string; message: string }[];
    expect(new Set(events.map((e) => e.stream)).size).toBe(2);
    expect(events[0]!.message).toMatch(/model loaded/);
  });

  it("call-model names what is missing: a component that is not there, a TargetModel and --component together", async () => {
    const missing = await mme("call-model", "--component", "nope");
    expect([missing.code, missing.stderr]).toEqual([
      1,
      "ValidationError: Inference component nope was not found in endpoint ic-demo.\n",
    ]);
    const both = await mme("call-model", "add_sub_v0.tar.gz", "--component", "add-sub");
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give a TargetModel or --component, not both/);
    const neither = await mme("call-model");
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/mme call-model --component NAME/);
    const noHeader = await mme("call-model", "add_sub_v0.tar.gz");
    expect(noHeader.code).toBe(1);
    expect(noHeader.stderr).toMatch(/^ValidationError: Inference Component Name header is required/);
  });

  it("scales a component to 0 copies and back", async () => {
    const down = await mme("ic", "scale", "add-sub", "--copies", "0", "--poll-interval", "0.1", "--json");
    expect(down.code, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({
      status: "InService",
      desiredCopies: 0,
      currentCopies: 0,
    });
    const up = await mme("ic", "scale", "add-sub", "--copies", "2", "--poll-interval", "0.1");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("scaling inference component add-sub to 2 copies");
    expect(up.stdout).toMatch(/^copies\s+2$/m);
    const described = await mme("ic", "describe", "add-sub", "--json");
    expect(JSON.parse(described.stdout)).toMatchObject({ desiredCopies: 2, currentCopies: 2, cpus: 1 });
  });

  it("says in one line what is wrong, with exit 1 for AWS errors and 2 for usage", async () => {
    const tooMany = await mme("ic", "scale", "add-sub", "--copies", "100");
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(
      /^ResourceLimitExceeded: Inference component add-sub cannot place 100 copies .*\n$/,
    );
    const missing = await mme("ic", "describe", "nope");
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'InferenceComponentNotFoundError: inference component "nope" does not exist\n',
    ]);
    const noMemory = await mme("ic", "create", "x", "--model", "add-sub");
    expect(noMemory.code).toBe(2);
    expect(noMemory.stderr).toMatch(/^UsageError: Missing required argument: --memory/);
    const twoModels = await mme(
      "ic",
      "create",
      "x",
      "--model",
      "a",
      "--model-data-url",
      "s3://b/m.tar.gz",
      "--memory",
      "512",
    );
    expect(twoModels.code).toBe(2);
    const exists = await mme(
      "ic",
      "create",
      "x",
      "--model",
      "add-sub",
      "--memory",
      "512",
      "--managed-scaling",
      "0-3",
    );
    expect([exists.code, exists.stderr]).toEqual([
      2,
      "UsageError: --managed-scaling and --routing apply when the endpoint is created; ic-demo exists\n",
    ]);
    const group = await mme("ic");
    expect([group.code, group.stderr]).toEqual([
      2,
      "UsageError: mme ic needs a command: create, list, describe, scale, delete (see mme ic --help)\n",
    ]);
    const typo = await mme("ic", "lst");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "ic lst" (did you mean list?)');
    const flag = await mme("ic", "scale", "add-sub", "--copie", "1");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option --copie for mme ic scale");
  });

  it("shows a command's own help with examples", async () => {
    const help = await runMme(["ic", "scale", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--copies");
    expect(help.stdout).toContain("mme ic scale add-sub --copies 0 --local");
  });

  it("deletes a component, and says so when it is already gone", async () => {
    const deleted = await mme("ic", "delete", "second");
    expect([deleted.code, deleted.stdout]).toEqual([0, "deleted  inference component second\n"]);
    const again = await mme("ic", "delete", "second", "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ name: "second", deleted: false });
  });
});
