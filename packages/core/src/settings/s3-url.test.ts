import { describe, expect, it } from "vitest";
import { SettingsError } from "../errors/index.js";
import { isS3Url, parseS3ObjectUri, parseS3Prefix, parseS3Url, s3Uri } from "./s3-url.js";

describe("s3:// URLs", () => {
  it("splits a URL into bucket and key as written", () => {
    expect(parseS3Url("s3://my-bucket/models/")).toEqual({ bucket: "my-bucket", key: "models/" });
    expect(parseS3Url("s3://my-bucket/models")).toEqual({ bucket: "my-bucket", key: "models" });
    expect(parseS3Url("s3://my-bucket")).toEqual({ bucket: "my-bucket", key: "" });
  });

  it("reads a prefix as one that ends in / (or the bucket root)", () => {
    expect(parseS3Prefix("s3://my-bucket/models")).toEqual({ bucket: "my-bucket", key: "models/" });
    expect(parseS3Prefix("s3://my-bucket/")).toEqual({ bucket: "my-bucket", key: "" });
  });

  it("reads an object URI and refuses one without a key", () => {
    expect(parseS3ObjectUri("s3://b-1/in/x.json")).toEqual({ bucket: "b-1", key: "in/x.json" });
    expect(() => parseS3ObjectUri("s3://b-1/")).toThrow(/is not an s3:\/\/bucket\/key URI/);
  });

  it("refuses other schemes and invalid bucket names", () => {
    for (const url of ["https://my-bucket/models/", "s3://", "s3://UPPER/x", "s3://a/x"]) {
      expect(isS3Url(url), url).toBe(false);
      expect(() => parseS3Url(url), url).toThrow(SettingsError);
    }
    expect(isS3Url("s3://my-bucket/models/")).toBe(true);
  });

  it("writes a URI back", () => {
    expect(s3Uri("b-1", "k/x.tar.gz")).toBe("s3://b-1/k/x.tar.gz");
  });
});
