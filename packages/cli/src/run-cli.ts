import { stripVTControlCharacters } from "node:util";
import { didYouMeanHint, UsageError } from "@mme/core";
import { type ArgsDef, type CommandDef, renderUsage, runCommand } from "citty";
import { GLOBAL_VALUE_FLAGS } from "./global-args.js";
import { helpExamples } from "./help-examples.js";
import { type CliIo, processIo, withIo } from "./io.js";
import { rootCommand, VERSION } from "./root-command.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Runs `mme <argv>` and resolves to the exit code: 0 ok, 1 failure, 2 usage. Errors are printed as
 * one "Name: message" line on stderr (with the stack under --debug); nothing here calls process.exit.
 */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const fullIo: CliIo = { ...processIo(), cleanups: [], ...io };
  const args = moveLeadingGlobalFlags(argv);
  const debug = args.includes("--debug");
  return withIo(fullIo, async () => {
    try {
      const [name] = args;
      const top = name === undefined || name.startsWith("-") ? undefined : await findSubCommand(name);
      // `mme ic create …`: the command that runs, its parent, its full name and the arguments after it.
      const { command, parent, path, rest } = top
        ? await leafCommand(top, args.slice(1))
        : { command: undefined, parent: rootCommand as CommandDef, path: [], rest: [] };
      if (args.includes("--help") || args.includes("-h")) {
        const usage = command ? await renderUsage(command, parent) : await renderUsage(rootCommand);
        const examples = helpExamples(
          command ? [((await top!.meta) as { name?: string })?.name ?? "", ...path].join(" ") : "",
        );
        fullIo.stdout.write(plainUnlessTerminal(`${usage}\n${examples}`, fullIo));
        return EXIT_OK;
      }
      if (args.length === 1 && (name === "--version" || name === "-v")) {
        fullIo.stdout.write(`${VERSION}\n`);
        return EXIT_OK;
      }
      if (name === undefined || name.startsWith("-")) {
        fullIo.stderr.write(
          plainUnlessTerminal(`${await renderUsage(rootCommand)}\n`, fullIo, fullIo.stderr),
        );
        throw new UsageError("no command given (see mme --help)");
      }
      if (!command) {
        const hint = didYouMeanHint(name, Object.keys(rootCommand.subCommands as Record<string, CommandDef>));
        throw new UsageError(`unknown command "${name}"${hint || " (see mme --help)"}`);
      }
      await assertLeaf(command, rest, [name, ...path].join(" "));
      await assertKnownFlags(command, rest, [name, ...path].join(" "));
      await runCommand(rootCommand, { rawArgs: args });
      return EXIT_OK;
    } catch (error) {
      return reportError(error, fullIo, debug);
    } finally {
      for (const cleanup of fullIo.cleanups.splice(0)) await cleanup();
    }
  });
}

/** citty colours its usage; a pipe or a file (or NO_COLOR) gets plain text. */
function plainUnlessTerminal(text: string, io: CliIo, stream = io.stdout): string {
  return stream.isTTY && !io.env.NO_COLOR ? text : stripVTControlCharacters(text);
}

function reportError(error: unknown, io: CliIo, debug: boolean): number {
  const e = error instanceof Error ? error : new Error(String(error));
  // citty reports bad usage (missing positionals, bad enum values) as CLIError.
  const usage = e instanceof UsageError || e.name === "CLIError";
  const name = e.name === "CLIError" ? "UsageError" : e.name;
  const message = e.message.split("\n")[0];
  io.stderr.write(`${name}: ${message}${usage && !(e instanceof UsageError) ? " (see --help)" : ""}\n`);
  if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
  return usage ? EXIT_USAGE : EXIT_FAILURE;
}

async function findSubCommand(name: string): Promise<CommandDef | undefined> {
  const subCommands = rootCommand.subCommands as Record<string, CommandDef>;
  if (subCommands[name]) return subCommands[name];
  for (const command of Object.values(subCommands)) {
    const meta = await command.meta;
    const alias = (meta as { alias?: string | string[] } | undefined)?.alias;
    if (alias === name || (Array.isArray(alias) && alias.includes(name))) return command;
  }
  return undefined;
}

/** Follows sub-command names (`ic` → `create`) to the command that runs. */
async function leafCommand(
  top: CommandDef,
  args: string[],
): Promise<{ command: CommandDef; parent: CommandDef; path: string[]; rest: string[] }> {
  let command = top;
  let parent = rootCommand as CommandDef;
  const path: string[] = [];
  let rest = args;
  for (;;) {
    const subCommands = (await command.subCommands) as Record<string, CommandDef> | undefined;
    const next = rest[0];
    if (!subCommands || next === undefined || !subCommands[next]) break;
    parent = command;
    command = subCommands[next];
    path.push(next);
    rest = rest.slice(1);
  }
  return { command, parent, path, rest };
}

/** `mme ic` alone, or `mme ic frob`: a command group needs one of its commands. */
async function assertLeaf(command: CommandDef, rest: string[], name: string): Promise<void> {
  const subCommands = (await command.subCommands) as Record<string, CommandDef> | undefined;
  if (!subCommands) return;
  const names = Object.keys(subCommands);
  const next = rest[0];
  if (next === undefined || next.startsWith("-")) {
    throw new UsageError(`mme ${name} needs a command: ${names.join(", ")} (see mme ${name} --help)`);
  }
  const hint = didYouMeanHint(next, names);
  throw new UsageError(`unknown command "${name} ${next}"${hint || ` (see mme ${name} --help)`}`);
}

/** `mme --json status` works like `mme status --json`: citty hands a sub-command only what follows its name. */
function moveLeadingGlobalFlags(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "--help" && argv[i] !== "-h") {
    i += GLOBAL_VALUE_FLAGS.includes(argv[i]!) ? 2 : 1;
  }
  if (i === 0 || i >= argv.length) return argv;
  return [argv[i]!, ...argv.slice(i + 1), ...argv.slice(0, i)];
}

/** citty ignores unknown flags; a typo like --forse must not silently do the default thing. */
async function assertKnownFlags(command: CommandDef, args: string[], name: string): Promise<void> {
  const defs = ((await command.args) ?? {}) as ArgsDef;
  const known = new Set<string>();
  for (const [key, def] of Object.entries(defs)) {
    known.add(key);
    for (const alias of [(def as { alias?: string | string[] }).alias ?? []].flat()) known.add(alias);
  }
  for (const arg of args) {
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") continue;
    const flag = arg.replace(/^--?/, "").split("=")[0]!;
    const bare = flag.startsWith("no-") ? flag.slice(3) : flag;
    if (!known.has(flag) && !known.has(bare)) {
      const hint = didYouMeanHint(
        flag,
        [...known].filter((k) => k.length > 1),
        "--",
      );
      throw new UsageError(`unknown option ${arg.split("=")[0]} for mme ${name}${hint}`);
    }
  }
}
