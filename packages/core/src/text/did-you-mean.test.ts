import { describe, expect, it } from "vitest";
import { didYouMean, didYouMeanHint } from "./did-you-mean.js";

describe("didYouMean", () => {
  const commands = ["call-model", "call-model-image", "list-models", "add-model", "status"];

  it("names the closest candidates to a typo, closest first", () => {
    expect(didYouMean("call-modle", commands)).toEqual(["call-model"]);
    expect(didYouMean("stauts", commands)).toEqual(["status"]);
    expect(didYouMean("add_sub_v1.tar.gz", ["add_sub_v0.tar.gz", "small_image_v0.tar.gz"])).toEqual([
      "add_sub_v0.tar.gz",
    ]);
  });

  it("names nothing far away, and not the input itself", () => {
    expect(didYouMean("deploy", commands)).toEqual([]);
    expect(didYouMean("status", commands)).toEqual([]);
    expect(didYouMeanHint("deploy", commands)).toBe("");
    expect(didYouMeanHint("lst-models", commands)).toBe(" (did you mean list-models?)");
  });
});
