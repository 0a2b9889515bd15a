// Guards the explorer's state-changing POSTs against cross-origin requests (a page elsewhere posting
// to 127.0.0.1): a browser names the page's origin in Origin and Sec-Fetch-Site; both must say this
// origin. Requests without them (curl, test suites, SDKs) are not a browser's cross-site post and pass.
import type { Request } from "express";

export function crossOriginReason(req: Request): string | undefined {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return `cross-origin request refused (Sec-Fetch-Site: ${site})`;
  }
  const origin = req.get("origin");
  if (origin !== undefined && origin !== `${req.protocol}://${req.get("host")}`) {
    return `cross-origin request refused (Origin: ${origin})`;
  }
  return undefined;
}
