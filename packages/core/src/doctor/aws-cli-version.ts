import { execFile } from "node:child_process";

/**
 * The major version of the `aws` on PATH (1 or 2), or undefined when there is none: doctor's fixes name
 * only commands that version has (`aws sso login` and `aws logs tail` are v2 only).
 */
export function awsCliMajorVersion(): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile("aws", ["--version"], { timeout: 10_000 }, (error, stdout, stderr) => {
      const match = /aws-cli\/(\d+)\./.exec(`${stdout}${stderr}`);
      resolve(error || !match ? undefined : Number(match[1]));
    });
  });
}
