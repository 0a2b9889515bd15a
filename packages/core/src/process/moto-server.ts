import { startChild } from "./child-program.js";
import { freePort } from "./free-port.js";

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/** moto's real AWS API server on a free loopback port, ready when it says it is running. */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const program = startChild("moto server", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    command: "python3",
  });
  await program.waitForLine(/Running on http:\/\/127\.0\.0\.1:\d+/, 60_000);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await program.stop();
    },
  };
}
