import { describe, expect, it } from "vitest";
import { scriptArgv } from "./script-argv.js";

describe("scriptArgv", () => {
  it("drops the `--` that `pnpm <script> -- --flag` passes on", () => {
    expect(scriptArgv(["--", "--port", "8081"])).toEqual(["--port", "8081"]);
  });

  it("keeps argv without it as it is, and a later `--`", () => {
    expect(scriptArgv(["--port", "8081"])).toEqual(["--port", "8081"]);
    expect(scriptArgv(["--", "--quick", "--", "rest"])).toEqual(["--quick", "--", "rest"]);
    expect(scriptArgv([])).toEqual([]);
  });
});
