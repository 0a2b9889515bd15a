import { TarballNameError } from "./artifact-errors.js";

/**
 * Checks a TargetModel key (relative to the models prefix): must end in `.tar.gz`, be at most
 * 1024 printable characters, and not start with "/" or a space. Returns it unchanged.
 */
export function assertTarballName(name: string): string {
  if (!name.endsWith(".tar.gz") || name.length === ".tar.gz".length) {
    throw new TarballNameError(
      `tarball name "${name}" must end in .tar.gz (SageMaker MME loads gzipped tar archives), e.g. add_sub_v1.tar.gz`,
    );
  }
  if (name.startsWith("/") || name.startsWith(" ")) {
    throw new TarballNameError(
      `tarball name "${name}" must be relative to the models prefix (no leading "/" or space)`,
    );
  }
  if (name.length > 1024 || /[^\x20-\x7e]/.test(name)) {
    throw new TarballNameError(`tarball name "${name}" must be at most 1024 printable ASCII characters`);
  }
  if (name.split("/").some((part) => part === ".." || part === ".")) {
    throw new TarballNameError(`tarball name "${name}" must not contain "." or ".." path segments`);
  }
  return name;
}
