// `pnpm <script> -- --flag` (pnpm 12, as the README writes it) hands the `--` on to the script, after
// whatever the script itself passes: `pnpm start -- --port 8081` runs
// `main.js --exit-with-parent -- --port 8081`. That `--` follows only flags (the script's own); dropping
// it lets both spellings work. A `--` after a positional, or a second one, still ends the flags as usual.
export function scriptArgv(argv: readonly string[] = process.argv.slice(2)): string[] {
  const at = argv.indexOf("--");
  if (at === -1 || !argv.slice(0, at).every((arg) => arg.startsWith("-"))) return [...argv];
  return [...argv.slice(0, at), ...argv.slice(at + 1)];
}
