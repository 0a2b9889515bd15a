// Reads botocore's service models (installed with boto3, the project's Python) for the drift checks:
// each service's exception shapes, and how other AWS models declare an error name they share.
import { execFileSync } from "node:child_process";

export interface ModelError {
  /** The model's httpStatusCode, or Smithy's default for the error's fault (400 client, 500 server). */
  readonly status?: number;
  /** Whether the model states the status (older JSON models do not). */
  readonly explicit: boolean;
  readonly code?: string;
  readonly members: readonly string[];
}

export interface BotocoreFacts {
  /** service → error shape name → what the model declares. */
  readonly services: Record<string, Record<string, ModelError>>;
  /** error name → the statuses botocore models declare for it explicitly, most common first. */
  readonly elsewhere: Record<string, number[]>;
}

const SCRIPT = `
import botocore, collections, glob, gzip, json, os, sys
data = os.path.join(os.path.dirname(botocore.__file__), "data")
services, names = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
def load(path):
    return json.load(gzip.open(path) if path.endswith(".gz") else open(path))
def errors(model, defaulted):
    def status(shape):
        declared = (shape.get("error") or {}).get("httpStatusCode")
        # Without one, a model's error answers Smithy's default for its fault: 500 server, 400 client.
        return declared if declared or not defaulted else (500 if shape.get("fault") else 400)
    return {n: {"status": status(s), "explicit": "httpStatusCode" in (s.get("error") or {}), "code": (s.get("error") or {}).get("code"),
                "members": list(s.get("members", {}))} for n, s in model["shapes"].items() if s.get("exception")}
out = {"services": {}, "elsewhere": {}}
for service in services:
    out["services"][service] = errors(load(sorted(glob.glob(os.path.join(data, service, "*", "service-2.json*")))[-1]), True)
counts = collections.defaultdict(collections.Counter)
for path in glob.glob(os.path.join(data, "*", "*", "service-2.json*")):
    for name, error in errors(load(path), False).items():
        if name in names and error["status"] is not None: counts[name][error["status"]] += 1
out["elsewhere"] = {n: [s for s, _ in c.most_common()] for n, c in counts.items()}
print(json.dumps(out))
`;

export function readBotocore(services: string[], names: string[]): BotocoreFacts {
  const text = execFileSync("python3", ["-c", SCRIPT, JSON.stringify(services), JSON.stringify(names)], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const raw = JSON.parse(text) as {
    services: Record<
      string,
      Record<string, { status: number | null; explicit: boolean; code: string | null; members: string[] }>
    >;
    elsewhere: Record<string, number[]>;
  };
  const byService = Object.fromEntries(
    Object.entries(raw.services).map(([service, errors]) => [
      service,
      Object.fromEntries(
        Object.entries(errors).map(([name, e]) => [
          name,
          {
            status: e.status ?? undefined,
            explicit: e.explicit,
            code: e.code ?? undefined,
            members: e.members,
          },
        ]),
      ),
    ]),
  );
  return { services: byService, elsewhere: raw.elsewhere };
}
