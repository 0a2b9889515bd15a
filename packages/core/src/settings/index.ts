export * from "./load-settings.js";
export * from "./local-emulator.js";
export * from "./local-profile.js";
export * from "./placeholders.js";
export * from "./require-setting.js";
export * from "./s3-url.js";
export * from "./schema.js";
export * from "./script-argv.js";
