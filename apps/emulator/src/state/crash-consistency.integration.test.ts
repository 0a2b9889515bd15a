// kill -9 at a random point of a burst of CreateEndpoint/DeleteEndpoint calls (several in flight), then
// restart on the same data folder: every endpoint a client was told was created (and not deleted) is
// there, nothing the clients did not ask for or were told was deleted is, and each one there works.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  paginateListEndpoints,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { afterAll, expect, it, vi } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { TEST_CREDENTIALS } from "../test-support/test-emulator.js";

const ROUNDS = 2;
const WORKERS = 4;

let dataDir: string | undefined;
const running = new Set<EmulatorProcess>();
afterAll(async () => {
  for (const emulator of running) await emulator.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ emulator: EmulatorProcess; client: SageMakerClient }> {
  dataDir ??= await mkdtemp(join(tmpdir(), "mme-crash-"));
  const emulator = await startEmulatorProcess([
    "--data-dir",
    dataDir,
    "--no-seed",
    "--no-default-endpoint",
    "--create-delay-ms",
    "50",
  ]);
  running.add(emulator);
  const client = new SageMakerClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  return { emulator, client };
}

async function endpointNames(client: SageMakerClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListEndpoints({ client }, { MaxResults: 100 })) {
    names.push(...(page.Endpoints ?? []).map((e) => e.EndpointName!));
  }
  return names.sort();
}

it("keeps exactly what clients were told, whenever the emulator is killed", async () => {
  let { emulator, client } = await start();
  await client.send(
    new CreateModelCommand({
      ModelName: "m",
      ExecutionRoleArn: "arn:aws:iam::000000000000:role/r",
      PrimaryContainer: { Image: "mme", Mode: "MultiModel", ModelDataUrl: "s3://mme-models/crash/" },
    }),
  );
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "c",
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "m", InitialInstanceCount: 1 }],
    }),
  );
  const attempted = new Set<string>(); // CreateEndpoint sent
  const created = new Set<string>(); // ... and answered
  const deleteSent = new Set<string>();
  const deleted = new Set<string>(); // DeleteEndpoint answered
  for (let round = 0; round < ROUNDS; round++) {
    const killAfter = 4 + Math.floor(Math.random() * 16);
    let answered = 0;
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const deletable = [...created].filter((name) => !deleteSent.has(name));
        const remove = i % 3 === 2 && deletable.length > 0;
        const name = remove ? deletable[0]! : `e${round}-${w}-${i}`;
        (remove ? deleteSent : attempted).add(name);
        try {
          if (remove) await client.send(new DeleteEndpointCommand({ EndpointName: name }));
          else await client.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: "c" }));
        } catch {
          return; // the emulator is gone
        }
        (remove ? deleted : created).add(name);
        if (++answered === killAfter) {
          killed = true;
          emulator.child.kill("SIGKILL");
        }
      }
    };
    const exited = new Promise((resolve) => emulator.child.once("exit", resolve));
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await exited;
    running.delete(emulator);
    client.destroy();

    ({ emulator, client } = await start());
    const names = await endpointNames(client);
    const context = `round ${round}, killed after ${killAfter} answers`;
    for (const name of created) {
      if (!deleteSent.has(name)) expect(names, `${name} was created (${context})`).toContain(name);
    }
    for (const name of names) {
      expect(attempted.has(name) && !deleted.has(name), `${name} (${context})`).toBe(true);
    }
    for (const name of names) {
      await vi.waitFor(
        async () => {
          const described = await client.send(new DescribeEndpointCommand({ EndpointName: name }));
          expect(described.EndpointStatus).toBe("InService");
          expect(described.EndpointConfigName).toBe("c");
        },
        { timeout: 20_000, interval: 100 },
      );
    }
    // What the restart found is now what was created: a delete that was in flight may have landed or not.
    for (const name of deleteSent) if (!names.includes(name)) deleted.add(name);
    for (const name of names) created.add(name);
    for (const name of names) deleteSent.delete(name);
  }
  client.destroy();
}, 180_000);
