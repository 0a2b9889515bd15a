// Per-endpoint settings: the emulator's defaults, overridden by emulator-specific keys in the model
// container's Environment (CreateModel), so one emulator can host differently tuned endpoints:
//   MME_CONTAINER_URL        talk to an MME container over HTTP (Triton, MMS, @mme/runtime's server);
//                            a comma-separated list gives instance i the i-th URL (round robin past the end)
//   MME_CACHE_MEMORY_BYTES   memory tier bound;  MME_CACHE_DISK_BYTES  disk tier bound
//   MME_MAX_LOADED_MODELS    bound on loaded models;  MME_WAIT_BUDGET_MS  ModelNotReadyException budget
//   MME_LOAD_TIMEOUT_MS      background load limit
import { z } from "zod";
import type { EndpointSpec } from "./endpoint-spec.js";

export interface HostDefaults {
  containerUrl?: string;
  memoryBytes: number;
  diskBytes: number;
  maxLoadedModels?: number;
  waitBudgetMs: number;
  loadTimeoutMs: number;
}

export interface HostSettings extends HostDefaults {
  container: { kind: "embedded" } | { kind: "http"; url: string };
}

/** The container of one instance: the ordinal-th of a comma-separated MME_CONTAINER_URL list. */
export function instanceContainer(settings: HostSettings, ordinal: number): HostSettings["container"] {
  if (settings.container.kind === "embedded") return settings.container;
  const urls = settings.container.url.split(",").map((url) => url.trim());
  return { ...settings.container, url: urls[ordinal % urls.length]! };
}

const urlList = z
  .string()
  .refine((value) => value.split(",").every((url) => URL.canParse(url.trim())), "Invalid URL");

const positiveInt = z.coerce.number().int().positive();
const Overrides = z.object({
  MME_CONTAINER_URL: urlList.optional(),
  MME_CACHE_MEMORY_BYTES: positiveInt.optional(),
  MME_CACHE_DISK_BYTES: positiveInt.optional(),
  MME_MAX_LOADED_MODELS: positiveInt.optional(),
  MME_WAIT_BUDGET_MS: positiveInt.optional(),
  MME_LOAD_TIMEOUT_MS: positiveInt.optional(),
});

export function hostSettings(spec: EndpointSpec, defaults: HostDefaults): HostSettings {
  const parsed = Overrides.safeParse(spec.environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Environment ${issue.path.join(".")}: ${issue.message}`);
  }
  const env = parsed.data;
  const containerUrl = env.MME_CONTAINER_URL ?? defaults.containerUrl;
  const maxLoadedModels = env.MME_MAX_LOADED_MODELS ?? defaults.maxLoadedModels;
  return {
    memoryBytes: env.MME_CACHE_MEMORY_BYTES ?? defaults.memoryBytes,
    diskBytes: env.MME_CACHE_DISK_BYTES ?? defaults.diskBytes,
    ...(maxLoadedModels === undefined ? {} : { maxLoadedModels }),
    waitBudgetMs: env.MME_WAIT_BUDGET_MS ?? defaults.waitBudgetMs,
    loadTimeoutMs: env.MME_LOAD_TIMEOUT_MS ?? defaults.loadTimeoutMs,
    container: containerUrl === undefined ? { kind: "embedded" } : { kind: "http", url: containerUrl },
  };
}
