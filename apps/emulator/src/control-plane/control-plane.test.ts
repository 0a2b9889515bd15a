// ControlPlane shutdown with endpoints still coming up: nothing may outlive close().

import type { EndpointSpec, Instance } from "@mme/platform";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { ControlPlane } from "./control-plane.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A model host whose open the test finishes by hand, and which records its close. */
function gatedHosts() {
  const opened: { spec: EndpointSpec; finish: () => void }[] = [];
  const closed: string[] = [];
  let openCalled: () => void = () => {};
  const nextOpen = () => new Promise<void>((resolve) => (openCalled = resolve));
  const openHost = (spec: EndpointSpec) =>
    new Promise<Instance>((resolve) => {
      const host = {
        close: async () => {
          await nextTurn(); // a container takes a while to release
          closed.push(spec.endpointName);
        },
      } as unknown as Instance;
      opened.push({ spec, finish: () => resolve(host) });
      openCalled();
    });
  return { opened, closed, openHost, nextOpen };
}

function planeWith(openHost: (spec: EndpointSpec) => Promise<Instance>) {
  const plane = new ControlPlane({
    region: "us-east-1",
    accountId: "000000000000",
    openHost,
    logger: pino({ level: "silent" }),
  });
  plane.createModel({
    ModelName: "m",
    PrimaryContainer: { Mode: "MultiModel", ModelDataUrl: "s3://bucket/models/" },
  });
  plane.createEndpointConfig({
    EndpointConfigName: "c",
    ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "m" }],
  });
  return plane;
}

describe("ControlPlane.close", () => {
  it("waits for a backend still being opened and closes it before resolving", async () => {
    const hosts = gatedHosts();
    const plane = planeWith(hosts.openHost);
    const opening = hosts.nextOpen();
    plane.createEndpoint({ EndpointName: "e1", EndpointConfigName: "c" }, 0);
    await opening;

    let closeDone = false;
    const closing = plane.close().then(() => (closeDone = true));
    await nextTurn();
    expect(closeDone).toBe(false);

    hosts.opened[0]!.finish();
    await closing;
    expect(hosts.closed).toEqual(["e1"]);
  });

  it("also waits for an endpoint deleted while its backend was opening", async () => {
    const hosts = gatedHosts();
    const plane = planeWith(hosts.openHost);
    const opening = hosts.nextOpen();
    plane.createEndpoint({ EndpointName: "e2", EndpointConfigName: "c" }, 0);
    await opening;
    plane.deleteEndpoint("e2");

    let closeDone = false;
    const closing = plane.close().then(() => (closeDone = true));
    await nextTurn();
    expect(closeDone).toBe(false);
    hosts.opened[0]!.finish();
    await closing;
    expect(hosts.closed).toEqual(["e2"]);
  });

  it("does not open endpoints still in their Creating delay, and does not wait the delay out", async () => {
    const hosts = gatedHosts();
    const plane = planeWith(hosts.openHost);
    const record = plane.createEndpoint({ EndpointName: "e3", EndpointConfigName: "c" }, 3_600_000);

    await plane.close();
    await record.settled;
    expect(hosts.opened).toEqual([]);
    expect(record.status).toBe("Deleting");
  });

  it("closes hosts already InService", async () => {
    const hosts = gatedHosts();
    const plane = planeWith(hosts.openHost);
    const opening = hosts.nextOpen();
    const record = plane.createEndpoint({ EndpointName: "e4", EndpointConfigName: "c" }, 0);
    await opening;
    hosts.opened[0]!.finish();
    await record.settled;
    expect(record.status).toBe("InService");

    await plane.close();
    expect(hosts.closed).toEqual(["e4"]);
  });
});
