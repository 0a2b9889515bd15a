// Every shell command in the root README, run as typed in bash, in order, in a fresh copy of the
// repository (its git files, nothing built, no .mme/), as a reader of the README would: `pnpm start`
// in a terminal of its own (stopped with Ctrl-C when a later `pnpm start` replaces it), every other
// command in one terminal session. New shell blocks are picked up on their own; a command that cannot
// run here sits in EXCLUDED with its reason, and what a command must print sits in EXPECTED.
//
// Ports: this machine is shared, so each port the README names (8080, 9000, 8081 …) stands for a free
// port: `pnpm start` gets them through MME_EMULATOR_PORT / MME_S3_PORT (README "The emulator"), and in
// a command's text `127.0.0.1:<port>` and `--port <port>` are swapped for the free one. Nothing else
// in a command is changed. `npm i -g` installs into a scratch prefix, first on PATH.
import { execFileSync, spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort, REPO_ROOT } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReadmeCommand, readmeCommands } from "./readme-blocks.js";
import { type Server, ShellSession } from "./shell-session.js";

interface Rule {
  command: RegExp;
}

/** Commands that start something long-running, and the line that says it is ready. */
const SERVERS: (Rule & { ready: RegExp })[] = [
  { command: /\bpnpm start\b/, ready: /mme emulator ready: .*/ },
];

const EXCLUDED: (Rule & { reason: string })[] = [
  {
    command: /\bpnpm test(\s|$)/,
    reason: "runs the whole suite, this test included; CI runs it as its own step (.ci/run)",
  },
  { command: /\bsudo apt-get install\b/, reason: "installs system packages as root; .ci/run does it on CI" },
];

const TORCH = ["python3", "/usr/bin/python3"].some(
  (python) => spawnSync(python, ["-c", "import torch, torchvision"], { stdio: "ignore" }).status === 0,
);
/** Commands that need something this machine may lack: run where it is here, reported as skipped elsewhere. */
const NEEDS: (Rule & { available: boolean; reason: string })[] = [
  {
    command: /triton-serve-pt_v0\.tar\.gz/,
    available: TORCH,
    reason: "no python3 here imports torch (README: PyTorch models)",
  },
];

const ADD_SUB = /OUTPUT0 FP32 \[4\]: 5 5 5 5\nOUTPUT1 FP32 \[4\]: -3 -1 1 3/;
const TOP_5 = /^(class \d+\s+-?\d+\.\d{4}\n){5}$/;
/** What the README promises a command prints (stdout unless stderr is named); every command must exit 0. */
const EXPECTED: (Rule & { stdout?: RegExp; stderr?: RegExp })[] = [
  { command: /^pnpm mme call-model add_sub_v0\.tar\.gz --local/, stdout: ADD_SUB },
  { command: /^pnpm mme call-model-image small_image_v0\.tar\.gz --local/, stdout: TOP_5 },
  { command: /^pnpm mme list-models --local/, stdout: /add_sub_v0\.tar\.gz[\s\S]*small_image_v0\.tar\.gz/ },
  {
    command: /^aws sagemaker-runtime invoke-endpoint/,
    stdout: /"name": ?"OUTPUT0".*"data": ?\[5(\.0)?, ?5(\.0)?, ?5(\.0)?, ?5(\.0)?\]/,
  },
  {
    command: /^pnpm mme add-model \.\/model_registry\/triton-serve-pt\//,
    stderr: /already holds exactly this model; nothing uploaded/,
  },
  { command: /^pnpm mme call-model-image triton-serve-pt_v0\.tar\.gz/, stdout: TOP_5 },
  { command: /^pnpm mme status --local\s+#/, stdout: /^endpoint\s+sagemaker-poc \(InService\)/ },
  {
    command: /pnpm mme status --local.*torch-poc|torch-poc pnpm mme status/,
    stdout: /^endpoint\s+torch-poc \(InService\)/,
  },
  {
    command: /^pnpm mme validate-model \.\/model_registry\/add_sub\//,
    stdout: /^add_sub: valid Triton model/,
  },
  { command: /^pnpm mme doctor --local/, stdout: /✓ endpoint/ },
  { command: /^pnpm mme ic list --local/, stdout: /^add-sub\s+InService\s+2\s+add-sub$/m },
  { command: /^pnpm mme call-model --component add-sub/, stdout: ADD_SUB },
  { command: /^pnpm mme ic describe add-sub --json/, stdout: /"currentCopies": 0/ },
  {
    command: /^pnpm mme plan .*--compare ic/,
    stdout: /^ml\.m5\.xlarge\s+scale to zero\s[\s\S]*^verdict: MME on \d+ × ml\.m5\.xlarge .* → /m,
  },
];

const README = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const COMMANDS = readmeCommands(README);
const MINUTE = 60_000;

let work: string;
let session: ShellSession;
const servers: Server[] = [];
const ports = new Map<string, string>();

async function freePortFor(readmePort: string): Promise<string> {
  if (!ports.has(readmePort)) ports.set(readmePort, String(await freePort()));
  return ports.get(readmePort)!;
}

/** The command with each port the README names swapped for its free port. */
async function onFreePorts(text: string): Promise<string> {
  const named = [...text.matchAll(/(127\.0\.0\.1:|localhost:|--(?:s3-)?port[ =])(\d{2,5})\b/g)];
  let out = text;
  for (const [whole, prefix, port] of named) out = out.replace(whole, `${prefix}${await freePortFor(port!)}`);
  return out;
}

function ruleFor<T extends Rule>(rules: T[], command: ReadmeCommand): T | undefined {
  return rules.find((rule) => rule.command.test(command.text));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "mme-readme-"));
  const repo = join(work, "mme");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    await mkdir(dirname(join(repo, file)), { recursive: true });
    await cp(join(REPO_ROOT, file), join(repo, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error; // deleted in the working tree, not yet in git
    });
  }
  const npmPrefix = join(work, "npm-global");
  // A fresh shell: no MME_* or AWS_* settings from the machine running the tests.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(MME_|AWS_|npm_|PNPM_|VITEST|TURBO_)/.test(name)),
  );
  session = await ShellSession.open(
    {
      ...env,
      PATH: `${join(npmPrefix, "bin")}:${process.env.PATH}`,
      npm_config_prefix: npmPrefix,
      MME_EMULATOR_PORT: await freePortFor("8080"),
      MME_S3_PORT: await freePortFor("9000"),
      TURBO_TELEMETRY_DISABLED: "1",
      CI: "true",
    },
    repo,
  );
}, MINUTE);

afterAll(async () => {
  await session?.close();
  if (work) await rm(work, { recursive: true, force: true });
}, MINUTE);

describe("README.md, every shell command as typed", () => {
  it("finds the shell blocks of the quick start, the emulator, PyTorch and CLI sections", () => {
    const sections = new Set(COMMANDS.map((c) => c.section));
    for (const section of ["Quick start", "The emulator", "PyTorch models", "The `mme` CLI"]) {
      expect(sections, `README.md has a shell block under "## ${section}"`).toContain(section);
    }
    for (const rule of [...SERVERS, ...EXCLUDED, ...NEEDS, ...EXPECTED]) {
      expect(
        COMMANDS.some((c) => rule.command.test(c.text)),
        `${rule.command} matches a README command`,
      ).toBe(true);
    }
  });

  for (const command of COMMANDS) {
    const title = `README.md:${command.line} (${command.section}): ${command.text.split("\n")[0]}`;
    const excluded = ruleFor(EXCLUDED, command);
    const missing = ruleFor(NEEDS, command);
    if (excluded || (missing && !missing.available)) {
      it.skip(`${title} — not run: ${excluded?.reason ?? missing?.reason}`, () => {});
      continue;
    }
    const server = ruleFor(SERVERS, command);
    if (server) {
      it(
        title,
        async () => {
          // The reader stops the emulator before starting another from the same folder.
          for (const running of servers.splice(0)) await running.stop();
          const started = session.start(await onFreePorts(command.text));
          servers.push(started);
          const [ready] = await started.waitFor(server.ready, 10 * MINUTE);
          for (const [readmePort, port] of ports) {
            if (command.text.includes(readmePort)) expect(ready).toContain(`127.0.0.1:${port}`);
          }
          // The ready line's hint works as printed.
          const hint = /try: (.+?) {2}\(/.exec(ready)?.[1];
          if (hint) {
            const run = await session.run(hint, 2 * MINUTE);
            expect(run, `the hint \`${hint}\``).toMatchObject({
              code: 0,
              stdout: expect.stringMatching(ADD_SUB),
            });
          }
        },
        11 * MINUTE,
      );
      continue;
    }
    it(
      title,
      async () => {
        const run = await session.run(await onFreePorts(command.text), 4 * MINUTE);
        const context = `${command.text}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
        expect(run.code, context).toBe(0);
        const expected = ruleFor(EXPECTED, command);
        if (expected?.stdout) expect(run.stdout, context).toMatch(expected.stdout);
        if (expected?.stderr) expect(run.stderr, context).toMatch(expected.stderr);
      },
      5 * MINUTE,
    );
  }
});
