import { SettingsError } from "../errors/index.js";
import { CONFIG_FILE_NAME } from "./load-settings.js";
import { envNameOf, type Settings } from "./schema.js";

type OptionalKey = { [K in keyof Settings]-?: undefined extends Settings[K] ? K : never }[keyof Settings];

/** The value of a setting an operation needs, or a SettingsError saying where to set it. */
export function requireSetting<K extends OptionalKey>(settings: Settings, key: K): NonNullable<Settings[K]> {
  const value = settings[key];
  if (value === undefined || value === null) {
    throw new SettingsError(
      `setting "${key}" is required here: set ${envNameOf(key)}, or "${key}" in ${CONFIG_FILE_NAME} or .env`,
    );
  }
  return value as NonNullable<Settings[K]>;
}
