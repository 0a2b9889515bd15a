import type { ModelProblem } from "../errors/mme-errors.js";
import {
  INSTANCE_GROUP_FIELDS,
  INSTANCE_GROUP_KINDS,
  MODEL_CONFIG_FIELDS,
  MODEL_INPUT_FIELDS,
  MODEL_OUTPUT_FIELDS,
  PARAMETER_ENTRY_FIELDS,
  TENSOR_RESHAPE_FIELDS,
  VERSION_POLICY_FIELDS,
} from "./config-fields.js";
import { type ConfigIssue, MessageReader } from "./message-reader.js";
import {
  TRITON_DATA_TYPES,
  type TritonInstanceGroup,
  type TritonModelConfig,
  type TritonTensorConfig,
} from "./model-config.js";
import { ModelConfigError } from "./model-config-error.js";
import { parsePbtxt } from "./pbtxt/parser.js";
import type { PbtxtMessage, PbtxtValue } from "./pbtxt/tree.js";

export interface ModelConfigReading {
  /** Best effort: a field with an issue is left at its default. */
  config: TritonModelConfig;
  /** Every semantic problem, in document order. Empty when the config is valid. */
  problems: ModelProblem[];
}

/**
 * Parses a config.pbtxt and reads it into the typed view, collecting every semantic problem.
 * @throws PbtxtSyntaxError when the text is not protobuf text format.
 */
export function readModelConfig(text: string, file = "config.pbtxt"): ModelConfigReading {
  const tree = parsePbtxt(text, file);
  const issues: ConfigIssue[] = [];
  const config = readRoot(new MessageReader(tree, "", issues, MODEL_CONFIG_FIELDS), tree);
  const problems = issues
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((issue) => ({ file, line: issue.line, column: issue.column, message: issue.message }));
  return { config, problems };
}

/**
 * Parses a config.pbtxt into the typed view.
 * @throws PbtxtSyntaxError on a syntax error, ModelConfigError on a semantic one (unknown
 * data_type, bad dims, missing tensor name, …), both with line and column.
 */
export function parseModelConfig(text: string, file = "config.pbtxt"): TritonModelConfig {
  const { config, problems } = readModelConfig(text, file);
  if (problems.length > 0) throw new ModelConfigError(file, problems);
  return config;
}

function readRoot(root: MessageReader, tree: PbtxtMessage): TritonModelConfig {
  const maxBatchSizeField = root.single("max_batch_size");
  let maxBatchSize = maxBatchSizeField ? (root.asInteger(maxBatchSizeField) ?? 0) : 0;
  if (maxBatchSizeField && maxBatchSize < 0) {
    root.issue(
      maxBatchSizeField.value,
      `max_batch_size must be 0 (no batching) or more, found ${maxBatchSize}`,
    );
    maxBatchSize = 0;
  }
  const config: TritonModelConfig = {
    maxBatchSize,
    inputs: readTensors(root, "input"),
    outputs: readTensors(root, "output"),
    instanceGroups: root
      .children("instance_group", (_, i) => `instance_group #${i + 1}`, INSTANCE_GROUP_FIELDS)
      .map(readInstanceGroup),
    parameters: readParameters(root),
    raw: tree,
  };
  const name = root.string("name");
  const platform = root.string("platform");
  const backend = root.string("backend");
  const defaultModelFilename = root.string("default_model_filename");
  if (name !== undefined) config.name = name;
  if (platform !== undefined) config.platform = platform;
  if (backend !== undefined) config.backend = backend;
  if (defaultModelFilename !== undefined) config.defaultModelFilename = defaultModelFilename;
  const dynamicBatching = readDynamicBatching(root);
  if (dynamicBatching) config.dynamicBatching = dynamicBatching;
  const versionPolicy = readVersionPolicy(root);
  if (versionPolicy) config.versionPolicy = versionPolicy;
  return config;
}

function readTensors(root: MessageReader, kind: "input" | "output"): TritonTensorConfig[] {
  const known = kind === "input" ? MODEL_INPUT_FIELDS : MODEL_OUTPUT_FIELDS;
  const readers = root.children(kind, (field, index) => tensorLabel(kind, field.value, index), known);
  const firstLineOf = new Map<string, number>();
  return readers.map((reader) => {
    const tensor = readTensor(reader, kind);
    const nameAt = reader.fields("name")[0]?.value;
    if (tensor.name !== "" && nameAt) {
      const firstLine = firstLineOf.get(tensor.name);
      if (firstLine === undefined) firstLineOf.set(tensor.name, nameAt.line);
      else reader.issue(nameAt, `another ${kind} is already named "${tensor.name}" (line ${firstLine})`);
    }
    return tensor;
  });
}

function tensorLabel(kind: string, value: PbtxtValue, index: number): string {
  if (value.kind === "message") {
    const nameField = value.fields.find((f) => f.name === "name");
    if (nameField?.value.kind === "string") return `${kind} "${nameField.value.value}"`;
  }
  return `${kind} #${index + 1}`;
}

function readTensor(reader: MessageReader, kind: "input" | "output"): TritonTensorConfig {
  const name = reader.string("name");
  if (reader.fields("name").length === 0) reader.issue(reader.message, `missing "name"`);
  else if (name === "") reader.issue(reader.fields("name")[0]!.value, `"name" must not be empty`);
  if (reader.fields("data_type").length === 0) reader.issue(reader.message, `missing "data_type"`);
  const dataType = reader.enumValue("data_type", TRITON_DATA_TYPES);
  const tensor: TritonTensorConfig = {
    name: name ?? "",
    dataType: dataType ?? "TYPE_FP32",
    dims: readDims(reader, "dims"),
  };
  const reshape = reader.child("reshape", `${reader.label} reshape`, TENSOR_RESHAPE_FIELDS);
  if (reshape) tensor.reshape = readDims(reshape, "shape");
  if (kind === "input") {
    const optional = reader.boolean("optional");
    if (optional !== undefined) tensor.optional = optional;
  }
  return tensor;
}

function readDims(reader: MessageReader, field: string): number[] {
  const dims: number[] = [];
  for (const { value, at } of reader.integers(field)) {
    if (value < -1) {
      reader.issue(at, `${field} must be -1 (variable size) or a size >= 0, found ${value}`);
    } else {
      dims.push(value);
    }
  }
  return dims;
}

function readInstanceGroup(reader: MessageReader): TritonInstanceGroup {
  const count = reader.integer("count");
  const countAt = reader.fields("count")[0]?.value;
  if (count !== undefined && count < 0 && countAt)
    reader.issue(countAt, `count must be >= 0, found ${count}`);
  const group: TritonInstanceGroup = {
    count: count ?? 1,
    kind: reader.enumValue("kind", INSTANCE_GROUP_KINDS) ?? "KIND_AUTO",
  };
  const name = reader.string("name");
  if (name !== undefined) group.name = name;
  const gpus = reader.integers("gpus").map((g) => g.value);
  if (gpus.length > 0) group.gpus = gpus;
  return group;
}

function readDynamicBatching(root: MessageReader): TritonModelConfig["dynamicBatching"] {
  const reader = root.child("dynamic_batching", "dynamic_batching");
  if (!reader) return undefined;
  const batching: NonNullable<TritonModelConfig["dynamicBatching"]> = {};
  const delay = reader.integer("max_queue_delay_microseconds");
  if (delay !== undefined) batching.maxQueueDelayMicroseconds = delay;
  const preferred = reader.integers("preferred_batch_size").map((p) => p.value);
  if (preferred.length > 0) batching.preferredBatchSize = preferred;
  return batching;
}

function readVersionPolicy(root: MessageReader): TritonModelConfig["versionPolicy"] {
  const reader = root.child("version_policy", "version_policy", VERSION_POLICY_FIELDS);
  if (!reader) return undefined;
  const chosen = reader.message.fields.filter((f) =>
    (VERSION_POLICY_FIELDS as readonly string[]).includes(f.name),
  );
  if (chosen.length > 1) reader.issue(chosen[1]!, "takes only one of latest, all, specific");
  const latest = reader.child("latest", "version_policy latest", ["num_versions"]);
  if (latest) return { latest: { numVersions: latest.integer("num_versions") ?? 1 } };
  if (reader.child("all", "version_policy all", [])) return { all: true };
  const specific = reader.child("specific", "version_policy specific", ["versions"]);
  if (specific) return { specific: { versions: specific.integers("versions").map((v) => v.value) } };
  return undefined;
}

function readParameters(root: MessageReader): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const entry of root.children("parameters", () => "parameters", PARAMETER_ENTRY_FIELDS)) {
    const key = entry.string("key");
    if (key === undefined) {
      if (entry.fields("key").length === 0) entry.issue(entry.message, `missing "key"`);
      continue;
    }
    const value = entry.child("value", `parameters "${key}"`, ["string_value"]);
    parameters[key] = value?.string("string_value") ?? "";
  }
  return parameters;
}
