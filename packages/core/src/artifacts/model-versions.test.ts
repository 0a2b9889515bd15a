import { describe, expect, it } from "vitest";
import type { ModelObject } from "./list-models.js";
import { groupModelVersions, nextVersionKey, parseVersionedKey } from "./model-versions.js";
import { planPrune } from "./prune-versions.js";

const objects = (...keys: string[]): ModelObject[] =>
  keys.map((targetModel) => ({
    targetModel,
    key: `models/${targetModel}`,
    uri: `s3://bkt/models/${targetModel}`,
    size: 1,
  }));

describe("model versions", () => {
  it("reads both layouts, nested families included, and nothing else", () => {
    expect(parseVersionedKey("resnet_v12.tar.gz")).toEqual({
      family: "resnet",
      version: 12,
      layout: "suffix",
    });
    expect(parseVersionedKey("team/resnet/3.tar.gz")).toEqual({
      family: "team/resnet",
      version: 3,
      layout: "folder",
    });
    expect(parseVersionedKey("team/resnet_v3.tar.gz")).toEqual({
      family: "team/resnet",
      version: 3,
      layout: "suffix",
    });
    for (const key of [
      "resnet.tar.gz",
      "resnet_v.tar.gz",
      "resnet_v2.tgz",
      "3.tar.gz",
      "resnet_v2.tar.gz.bak",
    ]) {
      expect(parseVersionedKey(key)).toBeUndefined();
    }
  });

  it("orders versions numerically, newest first", () => {
    const { families, unversioned } = groupModelVersions(
      objects("a_v9.tar.gz", "a_v10.tar.gz", "a/2.tar.gz", "x.tar.gz"),
    );
    expect(families).toHaveLength(1);
    expect(families[0]!.versions.map((v) => v.targetModel)).toEqual([
      "a_v10.tar.gz",
      "a_v9.tar.gz",
      "a/2.tar.gz",
    ]);
    expect(unversioned.map((m) => m.targetModel)).toEqual(["x.tar.gz"]);
  });

  it("picks the next free number and a layout", () => {
    expect(nextVersionKey([], "new").targetModel).toBe("new_v1.tar.gz");
    expect(nextVersionKey([], "new/").targetModel).toBe("new/1.tar.gz");
    expect(nextVersionKey(objects("f/4.tar.gz"), "f").targetModel).toBe("f/5.tar.gz");
    expect(nextVersionKey(objects("f/4.tar.gz", "f_v7.tar.gz"), "f").targetModel).toBe("f_v8.tar.gz");
    expect(() => nextVersionKey([], "f_v2.tar.gz")).toThrow(/is a key, not a family/);
  });

  it("keeps the newest N of each family and never touches keys outside the prefix", () => {
    const inside = objects("a_v1.tar.gz", "a_v2.tar.gz", "a_v3.tar.gz", "b/1.tar.gz", "plain.tar.gz");
    const outside: ModelObject = {
      targetModel: "a_v0.tar.gz",
      key: "elsewhere/a_v0.tar.gz",
      uri: "",
      size: 1,
    };
    const plan = planPrune([...inside, outside], { modelDataUrl: "s3://bkt/models/", keep: 2 });
    expect(plan.removed.map((m) => m.key)).toEqual(["models/a_v1.tar.gz"]);
    expect(planPrune(inside, { modelDataUrl: "s3://bkt/models/", keep: 1, family: "b" }).removed).toEqual([]);
  });
});
