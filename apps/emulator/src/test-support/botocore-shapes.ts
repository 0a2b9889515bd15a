// botocore's shapes for a JSON-protocol service, and a check that a JSON value fits one: every member
// the value carries exists in the model with the right type, and every required member is there.
import { execFileSync } from "node:child_process";

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  value?: { shape: string };
  enum?: string[];
}

export interface ServiceShapes {
  shapes: Record<string, Shape>;
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
}

const SCRIPT = `
import botocore, glob, gzip, json, os, sys
data = os.path.join(os.path.dirname(botocore.__file__), "data")
path = sorted(glob.glob(os.path.join(data, sys.argv[1], "*", "service-2.json*")))[-1]
model = json.load(gzip.open(path) if path.endswith(".gz") else open(path))
print(json.dumps({"shapes": model["shapes"], "operations": model["operations"]}))
`;

export function readServiceShapes(service: string): ServiceShapes {
  return JSON.parse(
    execFileSync("python3", ["-c", SCRIPT, service], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }),
  ) as ServiceShapes;
}

const NUMBER_TYPES = new Set(["integer", "long", "float", "double"]);

/** The ways `value` departs from `shapeName` (an empty list when it fits), each with its JSON path. */
export function shapeProblems(model: ServiceShapes, shapeName: string, value: unknown, path = "$"): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${path}: no shape ${shapeName}`];
  switch (shape.type) {
    case "structure": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return [`${path}: expected a ${shapeName} object`];
      }
      const record = value as Record<string, unknown>;
      const problems = (shape.required ?? [])
        .filter((name) => record[name] === undefined)
        .map((name) => `${path}.${name}: required by ${shapeName}, missing`);
      for (const [name, member] of Object.entries(record)) {
        const declared = shape.members?.[name];
        if (!declared) problems.push(`${path}.${name}: not a member of ${shapeName}`);
        else problems.push(...shapeProblems(model, declared.shape, member, `${path}.${name}`));
      }
      return problems;
    }
    case "list":
      if (!Array.isArray(value)) return [`${path}: expected a list (${shapeName})`];
      return value.flatMap((item, i) =>
        shapeProblems(model, shape.member?.shape ?? "", item, `${path}[${i}]`),
      );
    case "map":
      if (value === null || typeof value !== "object") return [`${path}: expected a map (${shapeName})`];
      return Object.entries(value).flatMap(([key, item]) =>
        shapeProblems(model, shape.value?.shape ?? "", item, `${path}.${key}`),
      );
    case "string":
      if (typeof value !== "string") return [`${path}: expected a string (${shapeName})`];
      return shape.enum && !shape.enum.includes(value)
        ? [`${path}: ${value} is not one of ${shapeName}`]
        : [];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path}: expected a boolean (${shapeName})`];
    case "timestamp":
      // JSON protocols send timestamps as epoch seconds.
      return typeof value === "number" ? [] : [`${path}: expected epoch seconds (${shapeName})`];
    default:
      if (NUMBER_TYPES.has(shape.type)) {
        return typeof value === "number" ? [] : [`${path}: expected a number (${shapeName})`];
      }
      return [];
  }
}
