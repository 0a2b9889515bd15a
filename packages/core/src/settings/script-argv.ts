// `pnpm <script> -- --flag` (pnpm 12, as the README writes it) hands the `--` on to the script, so a
// script's argv can start with it. Dropping that one `--` lets both spellings work; a later `--` still
// ends the flags as usual.
export function scriptArgv(argv: readonly string[] = process.argv.slice(2)): string[] {
  return argv[0] === "--" ? argv.slice(1) : [...argv];
}
