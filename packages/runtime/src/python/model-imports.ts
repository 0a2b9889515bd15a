// Whether a Python-backend model imports torch: its version folder's .py files, read as text (the model
// is not run to find out). An import inside a function counts too, as Triton users often write them.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

const TORCH_IMPORT = /^[ \t]*(?:from[ \t]+torch(?:vision)?\b|import[ \t]+[^#\n]*\btorch(?:vision)?\b)/m;

/** The first .py file in `versionDir` that imports torch (or torchvision), if any. */
export async function fileImportingTorch(versionDir: string): Promise<string | undefined> {
  const entries = await readdir(versionDir, { withFileTypes: true }).catch(() => []);
  const sources = entries.filter((e) => e.isFile() && e.name.endsWith(".py")).map((e) => e.name);
  sources.sort((a, b) => (a === "model.py" ? -1 : b === "model.py" ? 1 : a.localeCompare(b)));
  for (const name of sources) {
    const text = await readFile(join(versionDir, name), "utf8").catch(() => "");
    if (TORCH_IMPORT.test(text)) return name;
  }
  return undefined;
}
