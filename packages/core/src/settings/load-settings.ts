import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { z } from "zod";
import { SettingsError } from "../errors/index.js";
import { localDataDir, readLocalEmulator } from "./local-emulator.js";
import { LOCAL_PROFILE } from "./local-profile.js";
import { assertNoPlaceholder } from "./placeholders.js";
import { parseS3Url } from "./s3-url.js";
import { envNameOf, SETTING_KEYS, type Settings, type SettingsInput, settingsSchema } from "./schema.js";

export const CONFIG_FILE_NAME = "mme.config.json";

export type SettingsFlags = { [K in keyof SettingsInput]?: string | number | undefined };

export interface LoadSettingsOptions {
  /** Highest-priority values, e.g. from command-line flags; undefined entries are ignored. */
  flags?: SettingsFlags;
  /**
   * Apply the emulator profile under the flags and MME_* variables: where the emulator the user
   * started listens (its `emulator.json` in MME_DATA_DIR or `<repo>/.mme`), else LOCAL_PROFILE.
   */
  local?: boolean;
  env?: Record<string, string | undefined>;
  /** Where `.env` and `mme.config.json` are looked up. */
  cwd?: string;
}

type Layer = { source: string; values: Record<string, unknown> };

/**
 * Settings from, highest first: flags, environment `MME_*`, the emulator profile (with --local),
 * AWS_REGION/AWS_DEFAULT_REGION, `.env` in cwd, `mme.config.json` in cwd, defaults. Never touches AWS.
 */
export async function loadSettings(options: LoadSettingsOptions = {}): Promise<Settings> {
  const { flags = {}, local = false, env = process.env, cwd = process.cwd() } = options;
  const layers: Layer[] = [
    await configFileLayer(cwd),
    await dotEnvLayer(cwd),
    awsRegionLayer(env),
    ...(local ? [{ source: "--local", values: await localProfileValues(env, cwd) }] : []),
    envLayer(env, "environment"),
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
  return { source, values: defined(values) };
}

/** The AWS SDKs' own region variables: below MME_REGION and below --local (the emulator's region). */
function awsRegionLayer(env: Record<string, string | undefined>): Layer {
  return { source: "AWS_REGION", values: defined({ region: env.AWS_REGION || env.AWS_DEFAULT_REGION }) };
}

async function dotEnvLayer(cwd: string): Promise<Layer> {
  const text = await readOptional(join(cwd, ".env"));
  // Parsed only: a .env must not leak into process.env (and so into child processes).
  const parsed = text === undefined ? {} : parseEnv(text);
  const layer = envLayer(parsed, ".env");
  layer.values.region ??= parsed.AWS_REGION || parsed.AWS_DEFAULT_REGION || undefined;
  return { source: ".env", values: defined(layer.values) };
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

/**
 * The emulator the user started (its emulator.json), else LOCAL_PROFILE. Model and endpoint-config names
 * are left to derive from the endpoint name, so `--endpoint-name other --local` names `other-model`.
 */
async function localProfileValues(env: Record<string, string | undefined>, cwd: string) {
  const { credentials: _c, modelName: _m, endpointConfigName: _e, ...values } = LOCAL_PROFILE;
  const running = await readLocalEmulator(localDataDir(env, cwd));
  if (!running) return values;
  return {
    ...values,
    endpointUrl: running.endpointUrl,
    s3EndpointUrl: running.s3EndpointUrl,
    region: running.region,
    bucketName: running.bucketName,
    modelDataUrl: running.modelDataUrl,
    ...(running.endpointName ? { endpointName: running.endpointName } : {}),
  };
}

function settingsErrorFrom(error: z.ZodError, sourceOf: Record<string, string>): SettingsError {
  const issue = error.issues[0]!;
  const key = String(issue.path[0] ?? "");
  const from = sourceOf[key] ? ` (from ${sourceOf[key]})` : "";
  return new SettingsError(`setting "${key}"${from} ${issue.message}`);
}
