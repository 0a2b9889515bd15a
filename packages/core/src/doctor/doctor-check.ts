// One finding of `mme doctor`: what was checked, how it went, and what to do about it.

export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export interface DoctorCheck {
  /** Stable identifier, e.g. `role-trust`. */
  id: string;
  /** Short name shown before the summary, e.g. `execution role trust`. */
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** One line: what to do, for fail and warn. */
  fix?: string;
  /** Items behind the summary (a tarball's problems, log lines), one per line. */
  details?: string[];
  /** Machine-readable facts for --json. */
  data?: Record<string, unknown>;
}

export interface DoctorReport {
  /** False when any check failed (warnings do not count). */
  ok: boolean;
  checks: DoctorCheck[];
}

export function check(
  id: string,
  title: string,
  status: CheckStatus,
  summary: string,
  extra: Omit<DoctorCheck, "id" | "title" | "status" | "summary"> = {},
): DoctorCheck {
  return { id, title, status, summary, ...extra };
}

/** The one-line reason of an error from an AWS call. */
export function errorLine(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const message = (e?.message ?? String(error)).split("\n")[0];
  return e?.name && e.name !== "Error" ? `${e.name}: ${message}` : (message ?? "");
}

/** At most five lines, then how many more. */
export function listed(lines: string[]): string[] {
  return lines.length <= 6 ? lines : [...lines.slice(0, 5), `... and ${lines.length - 5} more`];
}
