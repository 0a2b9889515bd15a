import { TarballNameError } from "./artifact-errors.js";
import type { ModelObject } from "./list-models.js";

// Model families: `name_v<N>.tar.gz` (version suffix) and `name/<N>.tar.gz` (a folder per family).
// An MME caches models by key, so a new version is a new key; old keys can be pruned.

export type VersionLayout = "suffix" | "folder";

export interface VersionedKey {
  /** `resnet` for `resnet_v3.tar.gz` and `resnet/3.tar.gz`; `team/resnet` for `team/resnet_v3.tar.gz`. */
  family: string;
  version: number;
  layout: VersionLayout;
}

const SUFFIX = /^(.+)_v(\d+)\.tar\.gz$/;
const FOLDER = /^(.+)\/(\d+)\.tar\.gz$/;

/** The family and version a TargetModel key names, or undefined for an unversioned key. */
export function parseVersionedKey(targetModel: string): VersionedKey | undefined {
  const folder = FOLDER.exec(targetModel);
  if (folder) return { family: folder[1]!, version: Number(folder[2]), layout: "folder" };
  const suffix = SUFFIX.exec(targetModel);
  if (suffix) return { family: suffix[1]!, version: Number(suffix[2]), layout: "suffix" };
  return undefined;
}

export function versionedKey(family: string, version: number, layout: VersionLayout): string {
  return layout === "folder" ? `${family}/${version}.tar.gz` : `${family}_v${version}.tar.gz`;
}

export interface ModelVersion extends ModelObject {
  version: number;
  layout: VersionLayout;
}

export interface ModelFamily {
  family: string;
  /** Newest (highest version number) first. */
  versions: ModelVersion[];
}

export interface ModelVersionListing {
  /** Families by name. */
  families: ModelFamily[];
  /** Keys that follow neither layout. */
  unversioned: ModelObject[];
}

export function groupModelVersions(models: readonly ModelObject[]): ModelVersionListing {
  const byFamily = new Map<string, ModelVersion[]>();
  const unversioned: ModelObject[] = [];
  for (const model of models) {
    const parsed = parseVersionedKey(model.targetModel);
    if (!parsed) {
      unversioned.push(model);
      continue;
    }
    const list = byFamily.get(parsed.family) ?? [];
    list.push({ ...model, version: parsed.version, layout: parsed.layout });
    byFamily.set(parsed.family, list);
  }
  const families = [...byFamily.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([family, versions]) => ({
      family,
      versions: versions.sort((a, b) => b.version - a.version || (a.targetModel < b.targetModel ? -1 : 1)),
    }));
  return { families, unversioned };
}

/**
 * The key for the next version of `family`: one above the highest version in either layout.
 * `family/` (a trailing slash) asks for the folder layout; otherwise the family's existing layout
 * is kept, and a new family gets `name_v1.tar.gz`.
 */
export function nextVersionKey(
  models: readonly ModelObject[],
  familyArg: string,
): { family: string; version: number; layout: VersionLayout; targetModel: string } {
  const wantsFolder = familyArg.endsWith("/");
  const family = familyArg.replace(/\/+$/, "");
  if (family === "" || family.endsWith(".tar.gz") || parseVersionedKey(`${family}.tar.gz`)) {
    throw new TarballNameError(
      `"${familyArg}" is a key, not a family: name the family (add_sub for add_sub_v<N>.tar.gz, add_sub/ for add_sub/<N>.tar.gz)`,
    );
  }
  const existing = groupModelVersions(models).families.find((f) => f.family === family)?.versions ?? [];
  const highest = existing[0]?.version ?? 0;
  const layout: VersionLayout = wantsFolder
    ? "folder"
    : existing.length > 0 && existing.every((v) => v.layout === "folder")
      ? "folder"
      : "suffix";
  const version = highest + 1;
  return { family, version, layout, targetModel: versionedKey(family, version, layout) };
}
