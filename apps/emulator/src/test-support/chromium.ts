// Debian's chromium driven by playwright-core, headless, for the explorer's browser tests.
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** A fresh browser profile under `workDir`, 1440 × 1000. */
export function openChromium(workDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(workDir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1440, height: 1000 },
  });
}
