// GET /mme/status: what each endpoint's cache holds, as JSON (the emulator's own view; not an AWS API).
import type { ModelCacheStatus } from "../cache/types.js";
import type { ControlPlane } from "../control-plane/control-plane.js";

export interface EndpointStatusView {
  endpointName: string;
  endpointStatus: string;
  variantName?: string;
  mode?: string;
  modelDataUrl?: string;
  cacheSetting?: string;
  loadedModels?: string[];
  diskEntries?: string[];
  bytes?: { memory: { used: number; limit: number }; disk: { used: number; limit: number } };
  hitRatio?: number | null;
  inFlight?: number;
  models?: ModelCacheStatus["models"];
}

export async function endpointStatuses(plane: ControlPlane): Promise<EndpointStatusView[]> {
  return Promise.all(
    [...plane.endpoints.values()].map(async (record): Promise<EndpointStatusView> => {
      const base = { endpointName: record.name, endpointStatus: record.status };
      if (!record.spec || !record.backend) return base;
      const cache = await record.backend.status();
      const lookups = cache.hits + cache.misses;
      return {
        ...base,
        variantName: record.spec.variantName,
        mode: record.spec.mode,
        modelDataUrl: record.spec.modelDataUrl,
        cacheSetting: record.spec.cacheSetting,
        loadedModels: cache.models.filter((m) => m.tier === "memory").map((m) => m.targetModel),
        diskEntries: cache.models.map((m) => m.targetModel),
        bytes: {
          memory: { used: cache.memoryBytesUsed, limit: cache.memoryBytesLimit },
          disk: { used: cache.diskBytesUsed, limit: cache.diskBytesLimit },
        },
        hitRatio: lookups === 0 ? null : cache.hits / lookups,
        inFlight: cache.models.reduce((sum, m) => sum + m.inFlight, 0),
        models: cache.models,
      };
    }),
  );
}

export async function loadedModelCounts(plane: ControlPlane) {
  const counts = await Promise.all(
    [...plane.endpoints.values()].map(async (record) => {
      if (!record.spec || !record.backend) return undefined;
      const cache = await record.backend.status();
      return { endpointName: record.name, variantName: record.spec.variantName, count: cache.loadedCount };
    }),
  );
  return counts.filter((c) => c !== undefined);
}
