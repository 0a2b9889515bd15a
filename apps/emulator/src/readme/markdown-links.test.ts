// No tracked Markdown file links outside the repository or to a file that is not in it.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "@mme/core/process";
import { describe, expect, it } from "vitest";
import { badLinks } from "./markdown-links.js";

describe("Markdown links", () => {
  it("refuses a missing file, a climb out of the repository and an absolute path; keeps the rest", async () => {
    const root = await mkdtemp(join(tmpdir(), "mme-links-"));
    try {
      await mkdir(join(root, "docs"));
      await writeFile(join(root, "docs", "design.md"), "# design\n");
      const markdown = [
        "[ok](docs/design.md#wire-contracts) [dir](docs/) [web](https://aws.amazon.com) [anchor](#top)",
        "[gone](docs/missing.md) [out](../shared/DESIGN.md) [abs](/work/shared/DESIGN.md) ![img](file:///tmp/x.png)",
        "`[in code](nowhere.md)`",
        "",
        "[ref]: ../outside.md",
      ].join("\n");
      expect(badLinks(markdown, join(root, "README.md"), root)).toEqual([
        { href: "../outside.md", reason: "a path outside the repository" },
        { href: "docs/missing.md", reason: "no such file in the repository" },
        { href: "../shared/DESIGN.md", reason: "a path outside the repository" },
        { href: "/work/shared/DESIGN.md", reason: "an absolute local path" },
        { href: "file:///tmp/x.png", reason: "a local file outside the repository" },
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("every tracked Markdown file links only to files in the repository", async () => {
    const files = execFileSync("git", ["ls-files", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const file of files) {
      const path = join(REPO_ROOT, file);
      for (const link of badLinks(await readFile(path, "utf8"), path, REPO_ROOT)) {
        bad.push(`${file}: ${link.href} (${link.reason})`);
      }
    }
    expect(bad).toEqual([]);
  });
});
