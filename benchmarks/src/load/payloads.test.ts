import { decodeInferenceRequest, parseJsonHeaderSize } from "@mme/core/kserve";
import { describe, expect, it } from "vitest";
import { addSubPayload, imagePayload } from "./payloads.js";

describe("payloads", () => {
  it("sends add_sub's INPUT0/INPUT1 FP32 [4] as KServe JSON", () => {
    const payload = addSubPayload();
    expect(payload.contentType).toBe("application/json");
    const request = decodeInferenceRequest(payload.body);
    expect(request.inputs.map((t) => [t.name, t.datatype, t.shape])).toEqual([
      ["INPUT0", "FP32", [4]],
      ["INPUT1", "FP32", [4]],
    ]);
  });

  it.each([1, 8])(
    "sends batch %i images as one aligned binary tensor in SageMaker's content type, under 6 MB",
    (batch) => {
      const payload = imagePayload(batch);
      const jsonHeaderSize = parseJsonHeaderSize(payload.contentType);
      expect(jsonHeaderSize).toBeDefined();
      expect((jsonHeaderSize ?? 1) % 8).toBe(0);
      expect(payload.body.byteLength).toBeLessThan(6_291_456);
      const request = decodeInferenceRequest(payload.body, { contentType: payload.contentType });
      const input = request.inputs[0];
      expect(input?.shape).toEqual([batch, 3, 224, 224]);
      expect(input?.data.length).toBe(batch * 3 * 224 * 224);
    },
  );
});
