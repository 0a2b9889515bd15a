// The README's shell blocks, split into the commands a user would type one by one. Markdown is read with
// `marked`'s lexer; where one command ends is bash's own decision (`bash -n` on the lines so far), so
// quotes spanning lines, `\` continuations and here-documents stay whole.
import { spawnSync } from "node:child_process";
import { lexer, type Token, type Tokens } from "marked";

export const SHELL_LANGUAGES = new Set(["sh", "bash", "shell", "console"]);

export interface ReadmeCommand {
  /** The command as the README shows it (may span lines). */
  text: string;
  /** The `##` section it sits in, e.g. "Quick start". */
  section: string;
  /** 1-based line in the README. */
  line: number;
}

export function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let section = "";
  let offset = 0;
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      const at = markdown.indexOf(token.raw, offset);
      if (at >= 0 && token.raw.length > 0 && (token.type === "heading" || token.type === "code")) offset = at;
      if (token.type === "heading" && (token as Tokens.Heading).depth === 2)
        section = (token as Tokens.Heading).text;
      if (token.type === "code" && SHELL_LANGUAGES.has((token as Tokens.Code).lang ?? "")) {
        const firstLine = markdown.slice(0, at).split("\n").length + 1;
        commands.push(...splitCommands((token as Tokens.Code).text, section, firstLine));
      }
      const children = (token as { tokens?: Token[]; items?: Token[] }).items ?? [];
      if (children.length) walk(children as Token[]);
    }
  };
  walk(lexer(markdown));
  return commands;
}

function splitCommands(block: string, section: string, firstLine: number): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let pending: string[] = [];
  let start = 0;
  block.split("\n").forEach((line, i) => {
    if (pending.length === 0) {
      if (line.trim() === "" || line.trim().startsWith("#")) return;
      start = i;
    }
    pending.push(line);
    const text = pending.join("\n");
    if (!text.endsWith("\\") && isCompleteCommand(text)) {
      commands.push({ text, section, line: firstLine + start });
      pending = [];
    }
  });
  if (pending.length)
    throw new Error(`README line ${firstLine + start}: incomplete shell command:\n${pending.join("\n")}`);
  return commands;
}

function isCompleteCommand(text: string): boolean {
  return spawnSync("bash", ["-n"], { input: text, stdio: ["pipe", "ignore", "ignore"] }).status === 0;
}
