import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `pnpm test:containers`: the suite that starts real containers. Files run one after another
// (two cores, heavy containers); each test group skips with a printed reason when Docker or
// one of its images is missing.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { conditions: ["source", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["source", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.containers.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
