// Whether a group of container tests can run here: Docker reachable, the images it needs present.
// Each unmet requirement is one printed line naming what is missing and why, never a silent pass.
import { getContainerRuntimeClient, ImageName } from "testcontainers";
import type { ContainerSuiteSettings } from "./settings.js";

/** testcontainers 11's reaper (Ryuk) image; testcontainers does not export the constant. */
const REAPER_IMAGE = "testcontainers/ryuk:0.14.0";

export type Requirement = { met: true } | { met: false; reason: string };

let docker: Promise<Requirement> | undefined;

/**
 * Docker answers on this machine (testcontainers' own discovery: DOCKER_HOST, the socket, ...).
 * Without testcontainers' reaper image (and no pulling), the reaper is turned off: each test file
 * then removes its own containers in afterAll.
 */
export function dockerRequirement(settings: ContainerSuiteSettings): Promise<Requirement> {
  docker ??= getContainerRuntimeClient().then(
    async (client): Promise<Requirement> => {
      if (settings.env.TESTCONTAINERS_RYUK_DISABLED !== "true" && !settings.pullMissingImages) {
        const reaper = settings.env.RYUK_CONTAINER_IMAGE || REAPER_IMAGE;
        if (!(await client.image.exists(ImageName.fromString(reaper)))) {
          process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
          console.log(`[containers] reaper image ${reaper} absent: the suite removes its own containers`);
        }
      }
      return { met: true };
    },
    (error: unknown): Requirement => ({
      met: false,
      reason: `no container runtime (${firstLine(error)}); start dockerd or set DOCKER_HOST`,
    }),
  );
  return docker;
}

/** The image is present locally, or (when pulling is allowed) can be pulled now. */
export async function imageRequirement(
  image: string,
  settings: ContainerSuiteSettings,
): Promise<Requirement> {
  const runtime = await dockerRequirement(settings);
  if (!runtime.met) return runtime;
  const client = await getContainerRuntimeClient();
  const name = ImageName.fromString(image);
  if (await client.image.exists(name)) return { met: true };
  if (!settings.pullMissingImages) {
    return {
      met: false,
      reason: `image ${image} is not present locally (docker pull ${image}, or set MME_CONTAINERS_PULL=1 to let the suite pull it)`,
    };
  }
  try {
    await client.image.pull(name);
    return { met: true };
  } catch (error) {
    return {
      met: false,
      reason: `image ${image} is not present and could not be pulled: ${firstLine(error)}`,
    };
  }
}

/**
 * Checks every requirement of a test group and prints one line: what runs, or what is skipped and why.
 * Returns true when the group can run.
 */
export async function checkGroup(group: string, requirements: Array<Promise<Requirement>>): Promise<boolean> {
  const unmet = (await Promise.all(requirements)).filter((r): r is { met: false; reason: string } => !r.met);
  if (unmet.length === 0) {
    console.log(`[containers] run  ${group}`);
    return true;
  }
  console.log(`[containers] SKIP ${group}: ${[...new Set(unmet.map((r) => r.reason))].join("; ")}`);
  return false;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}
