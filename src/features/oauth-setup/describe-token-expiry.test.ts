import { describe, expect, it } from "vitest";
import { describeTokenExpiry } from "./describe-token-expiry.ts";

describe("describeTokenExpiry", () => {
  it("counts access tokens", () => {
    expect(describeTokenExpiry(1)).toBe("Expired 1 access token.");
    expect(describeTokenExpiry(3, { clientId: "lab-public-app" })).toBe("Expired 3 access tokens of lab-public-app.");
  });

  it("says when refresh tokens were included", () => {
    expect(describeTokenExpiry(2, { includeRefreshTokens: true })).toBe(
      "Expired 2 tokens (access and refresh tokens).",
    );
  });

  it("explains an empty result", () => {
    expect(describeTokenExpiry(0)).toMatch(/^Expired 0 access tokens: none was active\./);
  });
});
