import { describe, expect, it } from "vitest";
import { chooseInstance } from "./routing-policy.js";

const idle = { holds: false, inFlight: 0, loadedModels: 0 };

describe("chooseInstance", () => {
  it("keeps a model on the instance that holds it until that one is busy", () => {
    const views = [
      { ...idle, loadedModels: 3 },
      { holds: true, inFlight: 2, loadedModels: 5 },
      { ...idle, loadedModels: 1 },
    ];
    expect(chooseInstance(views, 3)).toBe(1);
    expect(chooseInstance(views, 2)).toBe(2);
  });

  it("sends a cold model to the least loaded instance, spreading models", () => {
    expect(
      chooseInstance(
        [
          { ...idle, loadedModels: 2 },
          { ...idle, loadedModels: 1 },
        ],
        4,
      ),
    ).toBe(1);
    expect(
      chooseInstance(
        [
          { ...idle, inFlight: 1 },
          { ...idle, inFlight: 0, loadedModels: 9 },
        ],
        4,
      ),
    ).toBe(1);
  });

  it("on a tie when every holder is busy, prefers a holder (no load needed)", () => {
    const views = [
      { holds: false, inFlight: 1, loadedModels: 0 },
      { holds: true, inFlight: 1, loadedModels: 4 },
    ];
    expect(chooseInstance(views, 1)).toBe(1);
  });
});
