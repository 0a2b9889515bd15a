import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { z } from "zod";
import { SettingsError } from "../errors/index.js";
import { LOCAL_PROFILE } from "./local-profile.js";
import { assertNoPlaceholder } from "./placeholders.js";
import { parseS3Url } from "./s3-url.js";
import { envNameOf, SETTING_KEYS, type Settings, type SettingsInput, settingsSchema } from "./schema.js";

export const CONFIG_FILE_NAME = "mme.config.json";

export type SettingsFlags = { [K in keyof SettingsInput]?: string | number | undefined };

export interface LoadSettingsOptions {
  /** Highest-priority values, e.g. from command-line flags; undefined entries are ignored. */
  flags?: SettingsFlags;
  /** Apply LOCAL_PROFILE (the emulator's names and ports) right under the flags. */
  local?: boolean;
  env?: Record<string, string | undefined>;
  /** Where `.env` and `mme.config.json` are looked up. */
  cwd?: string;
}

type Layer = { source: string; values: Record<string, unknown> };

/**
 * Settings from, highest first: flags, LOCAL_PROFILE (with --local), environment `MME_*`,
 * `.env` in cwd, `mme.config.json` in cwd, defaults. Never touches AWS.
 */
export async function loadSettings(options: LoadSettingsOptions = {}): Promise<Settings> {
  const { flags = {}, local = false, env = process.env, cwd = process.cwd() } = options;
  const layers: Layer[] = [
    await configFileLayer(cwd),
    await dotEnvLayer(cwd),
    envLayer(env, "environment"),
    ...(local ? [{ source: "--local", values: localProfileValues() }] : []),
    { source: "flags", values: defined(flags) },
  ];

  const merged: Record<string, unknown> = {};
  const sourceOf: Record<string, string> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      assertNoPlaceholder(key, value, describeSource(layer.source, key));
      merged[key] = value;
      sourceOf[key] = describeSource(layer.source, key);
    }
  }

  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) throw settingsErrorFrom(parsed.error, sourceOf);
  const s = parsed.data;
  const bucketFromUrl = s.modelDataUrl ? parseS3Url(s.modelDataUrl).bucket : undefined;
  if (s.bucketName && bucketFromUrl && s.bucketName !== bucketFromUrl) {
    throw new SettingsError(
      `setting "bucketName" (${s.bucketName}) differs from the bucket of "modelDataUrl" (${s.modelDataUrl})`,
    );
  }
  return {
    ...s,
    bucketName: s.bucketName ?? bucketFromUrl,
    modelName: s.modelName ?? `${s.endpointName}-model`,
    endpointConfigName: s.endpointConfigName ?? `${s.endpointName}-config`,
    local,
  };
}

function describeSource(source: string, key: string): string {
  if (source === "environment" || source === ".env") return `${source} ${envNameOf(key)}`;
  if (source === "flags") return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return source;
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ""));
}

function envLayer(env: Record<string, string | undefined>, source: string): Layer {
  const values: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = env[envNameOf(key)];
    if (value !== undefined && value !== "") values[key] = value;
  }
  // The AWS SDKs' own region variables count too, below MME_REGION.
  values.region ??= env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  return { source, values: defined(values) };
}

async function dotEnvLayer(cwd: string): Promise<Layer> {
  const text = await readOptional(join(cwd, ".env"));
  // Parsed only: a .env must not leak into process.env (and so into child processes).
  const parsed = text === undefined ? {} : parseEnv(text);
  const layer = envLayer(parsed, ".env");
  if (!parsed.AWS_REGION && !parsed.AWS_DEFAULT_REGION && !parsed.MME_REGION) delete layer.values.region;
  return layer;
}

async function configFileLayer(cwd: string): Promise<Layer> {
  const file = join(cwd, CONFIG_FILE_NAME);
  const text = await readOptional(file);
  if (text === undefined) return { source: CONFIG_FILE_NAME, values: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SettingsError(`${file} must hold a JSON object of settings`);
  }
  for (const key of Object.keys(json)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      throw new SettingsError(`unknown setting "${key}" in ${file}; known: ${SETTING_KEYS.join(", ")}`);
    }
  }
  return { source: CONFIG_FILE_NAME, values: defined(json as Record<string, unknown>) };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SettingsError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function localProfileValues(): Record<string, unknown> {
  const { credentials: _credentials, ...values } = LOCAL_PROFILE;
  return values;
}

function settingsErrorFrom(error: z.ZodError, sourceOf: Record<string, string>): SettingsError {
  const issue = error.issues[0]!;
  const key = String(issue.path[0] ?? "");
  const from = sourceOf[key] ? ` (from ${sourceOf[key]})` : "";
  return new SettingsError(`setting "${key}"${from} ${issue.message}`);
}
