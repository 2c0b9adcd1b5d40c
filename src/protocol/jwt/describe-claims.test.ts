import { describe, expect, it } from "vitest";
import { describeClaims, describeHeader, expirySentence, relativeTime } from "./describe-claims.ts";

const NOW = Date.parse("2026-01-15T12:00:00Z");
const seconds = (ms: number) => Math.floor(ms / 1000);

describe("describeClaims", () => {
  it("explains registered, OpenID and SMART claims, times as local and relative, and lists unknown claims as unknown", () => {
    const rows = describeClaims(
      {
        iss: "http://lab/auth",
        exp: seconds(NOW + 4 * 60_000),
        iat: seconds(NOW - 2 * 3_600_000),
        patient: "smart-1",
        fhirUser: "Practitioner/1",
        "http://example.com/is_root": true,
        constructor: "x",
      },
      NOW,
    );
    expect(rows.map((row) => [row.name, row.known, row.source])).toEqual([
      ["iss", true, "RFC 7519"],
      ["exp", true, "RFC 7519"],
      ["iat", true, "RFC 7519"],
      ["patient", true, "SMART"],
      ["fhirUser", true, "SMART"],
      ["http://example.com/is_root", false, null],
      ["constructor", false, null],
    ]);
    expect(rows[1]?.time).toEqual({ at: NOW + 4 * 60_000, relative: "in 4 min", outOfRange: false });
    expect(rows[2]?.time?.relative).toBe("2 h ago");
    expect(rows[4]?.meaning).toMatch(/PractitionerRole/);
  });

  it("says how a token stands in time", () => {
    expect(expirySentence({ exp: seconds(NOW + 4 * 60_000) }, NOW)).toBe("expires in 4 min");
    expect(expirySentence({ exp: seconds(NOW - 2 * 3_600_000) }, NOW)).toBe("expired 2 h ago");
    expect(expirySentence({}, NOW)).toBeNull();
    expect(relativeTime(NOW + 3 * 86_400_000, NOW)).toBe("in 3 d");
    expect(relativeTime(NOW - 5_000, NOW)).toBe("5 s ago");
  });

  it("marks an exp in the past and an nbf in the future as out of range", () => {
    const [exp, nbf] = describeClaims({ exp: seconds(NOW - 1000), nbf: seconds(NOW + 60_000) }, NOW);
    expect(exp?.time?.outOfRange).toBe(true);
    expect(nbf?.time?.outOfRange).toBe(true);
  });

  it("explains header parameters", () => {
    expect(describeHeader({ alg: "RS256", kid: "k1", x: 1 }).map((row) => row.known)).toEqual([true, true, false]);
  });
});
