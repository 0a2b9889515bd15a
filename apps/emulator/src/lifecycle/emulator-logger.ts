// The emulator's own log, as pino users expect: human-readable lines (pino-pretty) when stdout is a
// terminal, one JSON object per line otherwise (pipes, files, containers); --log-format forces either.
import { type Logger, pino } from "pino";
import pretty from "pino-pretty";

export type LogFormat = "auto" | "pretty" | "json";

export interface LoggerOutput extends NodeJS.WritableStream {
  isTTY?: boolean;
}

export function emulatorLogger(
  level: string,
  format: LogFormat,
  output: LoggerOutput = process.stdout,
): Logger {
  const options = { level, base: { service: "mme-emulator" } };
  const human = format === "pretty" || (format === "auto" && output.isTTY === true);
  if (!human) return pino(options, output);
  return pino(
    options,
    pretty({
      destination: output,
      colorize: output.isTTY === true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,service",
      sync: true,
    }),
  );
}
