import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/emulator-config.js";
import { emulatorLogger, type LoggerOutput } from "./emulator-logger.js";

function output(isTTY: boolean): LoggerOutput & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY?: boolean; text(): string };
  stream.isTTY = isTTY;
  stream.text = () => chunks.join("");
  return stream;
}

describe("the emulator's log", () => {
  it("is human-readable on a terminal", () => {
    const out = output(true);
    emulatorLogger("info", "auto", out).info({ endpoint: "shop" }, "endpoint ready");
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*: .*endpoint ready/);
    expect(text).toMatch(/endpoint.*shop/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("is one JSON object per line when stdout is not a terminal, or pretty when asked", () => {
    const piped = output(false);
    emulatorLogger("info", "auto", piped).info({ endpoint: "shop" }, "endpoint ready");
    expect(JSON.parse(piped.text())).toMatchObject({
      level: 30,
      msg: "endpoint ready",
      endpoint: "shop",
      service: "mme-emulator",
    });
    const forced = output(false);
    emulatorLogger("info", "pretty", forced).info("hello");
    expect(forced.text()).toMatch(/INFO.*: hello\n$/);
    const json = output(true);
    emulatorLogger("info", "json", json).info("hello");
    expect(JSON.parse(json.text()).msg).toBe("hello");
  });

  it("takes --log-format / MME_LOG_FORMAT", () => {
    expect(loadConfig([]).logFormat).toBe("auto");
    expect(loadConfig(["--log-format", "json"]).logFormat).toBe("json");
    expect(loadConfig([], { MME_LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(() => loadConfig(["--log-format", "xml"])).toThrow(/logFormat/);
  });
});
