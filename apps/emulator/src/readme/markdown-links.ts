// The links in a Markdown file that do not resolve inside the repository: a relative path to a missing
// file, one that climbs out of the repository (`../shared/…`), or an absolute local path. Links are
// read with `marked`'s lexer (inline links, images, reference definitions; not code); web and mail
// links and in-page anchors are not checked.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { lexer, walkTokens } from "marked";

export interface BadLink {
  href: string;
  reason: string;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:/i;

export function badLinks(markdown: string, file: string, repoRoot: string): BadLink[] {
  const tokens = lexer(markdown);
  const hrefs: string[] = Object.values(tokens.links).map((link) => link.href);
  walkTokens(tokens, (token) => {
    if (token.type === "link" || token.type === "image") hrefs.push(token.href);
  });
  return hrefs.flatMap((href) => {
    const reason = problem(href, file, repoRoot);
    return reason ? [{ href, reason }] : [];
  });
}

function problem(href: string, file: string, repoRoot: string): string | undefined {
  if (href.startsWith("file:")) return "a local file outside the repository";
  if (REMOTE.test(href) || href.startsWith("#") || href === "") return undefined;
  const path = decodeURI(href.replace(/[?#].*$/, ""));
  if (isAbsolute(path) || path.startsWith("~")) return "an absolute local path";
  const target = resolve(dirname(file), path);
  const inRepo = relative(repoRoot, target);
  if (inRepo.startsWith("..") || isAbsolute(inRepo)) return "a path outside the repository";
  return existsSync(target) ? undefined : "no such file in the repository";
}
