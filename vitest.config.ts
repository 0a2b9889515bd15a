import { defineConfig } from "vitest/config";

// One run over the whole workspace. The "source" export condition points workspace
// packages at their TypeScript sources, so tests need no build of their dependencies.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["{packages,apps,benchmarks,model_registry}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.containers.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The project's Python (.venv from requirements-dev.txt), first on every test's PATH.
    globalSetup: ["packages/core/src/process/python-env.global-setup.ts"],
    // The SDK's notice that its 2027 releases need Node 22 would print once per test process.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
