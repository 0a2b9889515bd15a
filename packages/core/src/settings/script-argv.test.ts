import { describe, expect, it } from "vitest";
import { scriptArgv } from "./script-argv.js";

describe("scriptArgv", () => {
  it("drops the `--` that `pnpm <script> -- --flag` passes on", () => {
    expect(scriptArgv(["--", "--port", "8081"])).toEqual(["--port", "8081"]);
  });

  it("drops it after the script's own flags too (`pnpm start -- --port 8081`)", () => {
    expect(scriptArgv(["--exit-with-parent", "--", "--port", "8081"])).toEqual([
      "--exit-with-parent",
      "--port",
      "8081",
    ]);
  });

  it("keeps argv without it as it is, a later `--`, and a `--` after a positional", () => {
    expect(scriptArgv(["--exit-with-parent", "--port", "8081"])).toEqual([
      "--exit-with-parent",
      "--port",
      "8081",
    ]);
    expect(scriptArgv(["--", "--quick", "--", "rest"])).toEqual(["--quick", "--", "rest"]);
    expect(scriptArgv(["invoke", "--", "-odd-target"])).toEqual(["invoke", "--", "-odd-target"]);
    expect(scriptArgv([])).toEqual([]);
  });
});
