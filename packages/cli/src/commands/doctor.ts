import {
  type DoctorCheck,
  type DoctorReport,
  formatBytes,
  MmeError,
  runDoctor,
  type ScanProgress,
  SettingsError,
  UsageError,
} from "@mme/core";
import { defineCommand } from "citty";
import { SingleBar } from "cli-progress";
import { type CommandContext, commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { printResult } from "../output.js";

/** Some check failed (each already printed): exit 1 with a summary line. */
export class DoctorFoundProblemsError extends MmeError {
  override name = "DoctorFoundProblems";
}

const MARK: Record<DoctorCheck["status"], string> = { pass: "✓", fail: "✗", warn: "!", skip: "-" };

export const doctorCommand = defineCommand({
  meta: {
    name: "doctor",
    description:
      "check settings, credentials, the execution role, the bucket, every model tarball, the endpoint and its logs; say what to fix",
  },
  args: {
    ...globalArgs,
    "logs-since": {
      type: "string",
      description: "how far back to read the endpoint's CloudWatch Logs, in minutes (default 60)",
    },
  },
  async run({ args }) {
    const io = cliIo();
    const json = Boolean(args.json);
    const sinceMinutes = args["logs-since"] === undefined ? 60 : Number(args["logs-since"]);
    if (!Number.isFinite(sinceMinutes) || sinceMinutes <= 0) {
      throw new UsageError(`--logs-since must be a positive number of minutes, got "${args["logs-since"]}"`);
    }
    let context: CommandContext;
    try {
      context = await commandContext(args);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      const failed: DoctorReport = {
        ok: false,
        checks: [
          {
            id: "settings",
            title: "settings",
            status: "fail",
            summary: error.message,
            fix: "correct that setting (flags, MME_* variables, .env or mme.config.json)",
          },
        ],
      };
      finish(json, failed);
      return;
    }
    const { settings, clients } = context;
    const bar = progressBar();
    const report = await runDoctor(settings, clients, {
      onProgress: bar.update,
      logs: { sinceMs: sinceMinutes * 60_000 },
      onCheck: (c) => {
        if (c.id === "tarballs") bar.stop();
        if (!json) io.stdout.write(formatCheck(c));
      },
    }).finally(() => bar.stop());
    finish(json, report, true);
  },
});

function finish(json: boolean, report: DoctorReport, printedLines = false): void {
  if (json) printResult(true, report, () => "");
  else if (!printedLines) cliIo().stdout.write(report.checks.map(formatCheck).join(""));
  const failed = report.checks.filter((c) => c.status === "fail");
  if (failed.length > 0) {
    throw new DoctorFoundProblemsError(
      `${failed.length} check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => c.title).join(", ")}`,
    );
  }
}

export function formatCheck(c: DoctorCheck): string {
  const fix = c.fix && (c.status === "fail" || c.status === "warn") ? ` Fix: ${sentence(c.fix)}` : "";
  const details =
    c.status === "fail" || c.status === "warn" ? (c.details ?? []).map((d) => `    ${d}\n`).join("") : "";
  return `${MARK[c.status]} ${c.title}: ${sentence(c.summary)}${fix}\n${details}`;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A cli-progress bar of tarballs checked on a terminal's stderr; nothing otherwise. */
function progressBar() {
  const { stderr } = cliIo();
  let bar: SingleBar | undefined;
  return {
    update(p: ScanProgress) {
      if (!stderr.isTTY || p.total === 0) return;
      if (!bar) {
        bar = new SingleBar({
          stream: stderr as NodeJS.WritableStream,
          format: "checking tarballs [{bar}] {value}/{total} | {read} of {size}",
          hideCursor: true,
        });
        bar.start(p.total, 0, { read: formatBytes(0), size: formatBytes(p.totalBytes) });
      }
      bar.update(p.done, { read: formatBytes(p.bytesRead), size: formatBytes(p.totalBytes) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
