import { scriptArgv, UsageError } from "@mme/core";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./emulator-config.js";

describe("loadConfig", () => {
  it("defaults to loopback on 8080 with the embedded S3 on 9000", () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      s3Port: 9000,
      waitBudgetMs: 60_000,
      seed: true,
    });
    expect(config.s3Url).toBeUndefined();
    expect(config.dataDir).toMatch(/\.mme$/);
  });

  it("takes what `pnpm start` hands it, with pnpm's `--` after the script's own flag or without it", () => {
    for (const argv of [
      ["--exit-with-parent", "--", "--port", "8081", "--memory-bytes", "2000000000"],
      ["--exit-with-parent", "--port", "8081", "--memory-bytes", "2000000000"],
    ]) {
      expect(loadConfig(scriptArgv(argv), {})).toMatchObject({
        exitWithParent: true,
        port: 8081,
        memoryBytes: 2_000_000_000,
      });
    }
  });

  it("takes flags over environment variables", () => {
    const config = loadConfig(["--port", "9999", "--no-seed"], {
      MME_EMULATOR_PORT: "7000",
      MME_S3_PORT: "7001",
    });
    expect(config).toMatchObject({ port: 9999, s3Port: 7001, seed: false });
  });

  it("refuses bad values and unknown flags with one clear line", () => {
    expect(() => loadConfig(["--port", "http"], {})).toThrow(UsageError);
    expect(() => loadConfig(["--port", "http"], {})).toThrow(/port/);
    expect(() => loadConfig(["--bogus"], {})).toThrow(UsageError);
  });
});
