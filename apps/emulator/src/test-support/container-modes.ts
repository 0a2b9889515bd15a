// The two container modes every client, cache and error suite runs in: the in-process runtime, and
// @mme/runtime's HTTP server (Triton's SageMaker front end, twin-exact) as the endpoints' default
// container (MME_CONTAINER_URL), so a divergence between the modes fails a test.
import { type RuntimeServer, startRuntimeServer } from "@mme/runtime";
import { pino } from "pino";
import type { EmulatorConfig } from "../config/emulator-config.js";

export const CONTAINER_MODES = ["in-process", "http"] as const;
export type ContainerMode = (typeof CONTAINER_MODES)[number];

export interface ModeContainer {
  /** What the emulator's config needs for this mode. */
  config: Partial<EmulatorConfig>;
  /** The HTTP container, in http mode. */
  server?: RuntimeServer;
  /**
   * An endpoint Environment giving that endpoint a container of its own, as each SageMaker endpoint has:
   * Triton names models after their TargetModel, so endpoints sharing one cannot load the same one.
   */
  ownContainer(): Promise<Record<string, string>>;
  /** After the emulator stopped. */
  close(): Promise<void>;
}

const startServer = () => startRuntimeServer({ port: 0, logger: pino({ level: "silent" }) });

export async function startModeContainer(mode: ContainerMode): Promise<ModeContainer> {
  if (mode === "in-process") return { config: {}, ownContainer: async () => ({}), close: async () => {} };
  const server = await startServer();
  const extra: RuntimeServer[] = [];
  return {
    config: { containerUrl: server.url },
    server,
    ownContainer: async () => {
      const own = await startServer();
      extra.push(own);
      return { MME_CONTAINER_URL: own.url };
    },
    close: async () => {
      await Promise.all([server, ...extra].map((s) => s.close()));
    },
  };
}
