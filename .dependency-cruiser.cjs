// The code map, checked by `pnpm lint` (docs/architecture.md draws it). Each list runs top to bottom: a
// layer imports only the layers below it. Tests and test support may reach anywhere below their app.

/** Workspace packages, lowest last. Apps (apps/*, benchmarks) sit above all of them. */
const PACKAGES = ["packages/cli", "packages/platform", "packages/runtime", "model_registry", "packages/core"];

/** Folders of apps/emulator/src, top to bottom (main.ts and index.ts sit above them all). */
const EMULATOR_LAYERS = [
  "lifecycle",
  "state",
  "http",
  "explorer",
  "runtime-api",
  "status",
  "control-plane",
  "autoscaling",
  "cloudwatch",
  "endpoints",
  "logs",
  "metrics",
  "s3",
  "auth",
  "wire",
  "config",
];

/** Folders of packages/platform/src, top to bottom. */
const PLATFORM_LAYERS = ["plan", "components", "fleet", "endpoints", "cache", "containers", "source"];

/** Tests, their support and the bench scripts: nothing that ships. */
const TESTS = "(\\.test\\.ts$|/test-support/|/cli-e2e/|/platform-e2e/|/readme/|/fuzz/|(^|/)bench/)";

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** One rule per layer: nothing in it imports a layer listed above it. */
function layerRules(name, root, layers, aboveAll = []) {
  return layers.map((layer, i) => ({
    name: `${name}: ${layer}`,
    comment: `${root}/${layer} imports only the layers below it (${layers.slice(i + 1).join(", ") || "none"})`,
    severity: "error",
    from: { path: `^${escape(root)}/${escape(layer)}/`, pathNot: TESTS },
    to: {
      path: `^${escape(root)}/(${[...layers.slice(0, i).map(escape), ...aboveAll].join("|") || "$^"})`,
    },
  }));
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "a cycle makes two modules one: cut it at an interface",
      severity: "error",
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: "package-imports-app",
      comment: "packages are libraries under the apps: no package imports an app",
      severity: "error",
      from: { path: `^(${PACKAGES.map(escape).join("|")})/` },
      to: { path: "^(apps|benchmarks)/" },
    },
    ...PACKAGES.map((pkg, i) => ({
      name: `packages: ${pkg}`,
      comment: `${pkg} imports only the packages below it (${PACKAGES.slice(i + 1).join(", ") || "none"})`,
      severity: "error",
      from: { path: `^${escape(pkg)}/`, pathNot: TESTS },
      to: { path: `^(${PACKAGES.slice(0, i).map(escape).join("|") || "$^"})/` },
    })),
    {
      name: "code-imports-tests",
      comment: "what ships never imports tests or their support",
      severity: "error",
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },
    ...layerRules("emulator", "apps/emulator/src", EMULATOR_LAYERS, ["main\\.ts", "index\\.ts"]),
    ...layerRules("platform", "packages/platform/src", PLATFORM_LAYERS, ["index\\.ts"]),
  ],
  options: {
    // TypeScript through swc: the project's TypeScript 7 has no compiler API for dependency-cruiser.
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    // Workspace packages resolve to their sources, as vitest and tsx run them.
    enhancedResolveOptions: {
      conditionNames: ["source", "import", "default"],
      exportsFields: ["exports"],
    },
  },
};
