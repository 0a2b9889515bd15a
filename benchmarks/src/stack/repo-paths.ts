import { REPO_ROOT } from "@mme/core/process";

/** True when the benchmark runs from its TypeScript sources (tests), false from dist/ (`pnpm bench`). */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith(".ts");

/**
 * node arguments to start a workspace program: `<pkg>/dist/<entry>.js` when built, or its sources through
 * tsx with the "source" export condition when the benchmark itself runs from source.
 */
export function workspaceProgram(packageDir: string, entry: string): string[] {
  return RUNNING_FROM_SOURCE
    ? ["--conditions=source", "--import", "tsx", `${REPO_ROOT}${packageDir}/src/${entry}.ts`]
    : [`${REPO_ROOT}${packageDir}/dist/${entry}.js`];
}
