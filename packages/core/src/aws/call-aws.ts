import { toAwsError } from "./aws-error.js";

interface ClientLike {
  config: { endpoint?: unknown; region?: unknown };
}

/** Runs one SDK call and rethrows failures as one-line typed errors. */
export async function callAws<T>(client: ClientLike, operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAwsError(error, operation, await describeTarget(client));
  }
}

async function describeTarget(client: ClientLike): Promise<string> {
  try {
    const endpoint = client.config.endpoint;
    if (typeof endpoint === "function") {
      const e = (await endpoint()) as { protocol: string; hostname: string; port?: number; path: string };
      return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ""}${e.path === "/" ? "" : e.path}`;
    }
  } catch {
    // fall through to the region
  }
  const region = client.config.region;
  return `AWS${typeof region === "function" ? ` in ${await region()}` : ""}`;
}
