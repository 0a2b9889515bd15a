import { describe, expect, it } from "vitest";
import { areaOf, type CpuProfile, summarizeProfile } from "./profile-areas.js";

const frame = (functionName: string, url = "") => ({ functionName, url });

describe("the emulator's CPU profile by area", () => {
  it("names each script's area", () => {
    expect(areaOf(frame("(garbage collector)"))).toBe("gc");
    expect(areaOf(frame("(idle)"))).toBe("idle");
    expect(areaOf(frame("parserOnHeadersComplete", "node:_http_common"))).toBe("http");
    expect(
      areaOf(frame("handle", "file:///x/node_modules/.pnpm/router@2.3.0/node_modules/router/index.js")),
    ).toBe("routing");
    expect(
      areaOf(
        frame("inc", "file:///x/node_modules/.pnpm/prom-client@15/node_modules/prom-client/lib/counter.js"),
      ),
    ).toBe("metrics");
    expect(areaOf(frame("invokeModel", "file:///x/apps/emulator/dist/runtime-api/invoke-model.js"))).toBe(
      "emulator",
    );
    expect(areaOf(frame("run", "file:///x/packages/runtime/dist/onnx/session.js"))).toBe("runtime");
    expect(areaOf(frame("parseJsonText", "file:///x/packages/core/dist/kserve/json-text.js"))).toBe(
      "runtime",
    );
    expect(areaOf(frame("compileFunction", "node:internal/modules/cjs/loader"))).toBe("other");
  });

  it("sums self time per area, a builtin counting for its caller, idle left out, per request", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame("(root)"), children: [2, 4, 5] },
        {
          id: 2,
          callFrame: frame("invokeModel", "file:///x/apps/emulator/dist/runtime-api/invoke-model.js"),
          children: [3],
        },
        { id: 3, callFrame: frame("JSONStringify") },
        { id: 4, callFrame: frame("(garbage collector)") },
        { id: 5, callFrame: frame("(idle)") },
      ],
      samples: [2, 3, 4, 5, 3],
      timeDeltas: [10, 20, 30, 1000, 40],
    };
    const summary = summarizeProfile(profile, 10);
    expect(summary.totalMicros.emulator).toBe(70);
    expect(summary.totalMicros.gc).toBe(30);
    expect(summary.busyMicros).toBe(100);
    expect(summary.microsPerRequest.emulator).toBe(7);
    expect(summary.microsPerRequest.gc).toBe(3);
  });
});
