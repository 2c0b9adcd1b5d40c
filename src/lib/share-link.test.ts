import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_INPUT, inputFromSearch, inputToSearch } from "../features/scope-playground/playground-input.ts";
import { linkCarriesNoSecret, shareableValue } from "./share-link.ts";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbXkifQ.c2lnbmF0dXJl";

describe("share links never carry a credential", () => {
  it("drops pasted tokens and credential parameters, keeps the rest", () => {
    expect(shareableValue(`Patient?access_token=${TOKEN}&name=shaw`)).toBe("Patient?name=shaw");
    expect(shareableValue(`Observation?code=abc&patient=smart-1`)).toBe("Observation?patient=smart-1");
    expect(shareableValue(`patient/Observation.rs ${TOKEN}`)).toBe("patient/Observation.rs ");
    expect(shareableValue("Observation?category=laboratory")).toBe("Observation?category=laboratory");
  });

  // Every link the app produces with learner input: the scope playground's (scopes, context, query). The step links
  // are plain paths; the JWT inspector links only tokens it made up itself (not credentials, checked by its tests).
  it("the scope playground's link, whatever the learner typed (property)", () => {
    const secretish = fc.constantFrom(
      TOKEN,
      `access_token=${TOKEN}`,
      "code=SplxlOBeZQQYbYS6WxSbIA",
      "code_verifier=abcd1234efgh",
    );
    fc.assert(
      fc.property(fc.string(), secretish, fc.string(), (prefix, secret, suffix) => {
        const link = `/scopes${inputToSearch({
          ...DEFAULT_INPUT,
          scopes: `${prefix} ${secret} ${suffix}`,
          query: `Observation?${secret}&${suffix}`,
        })}`;
        return linkCarriesNoSecret(link);
      }),
      { numRuns: 300 },
    );
  });

  it("a clean playground link round-trips exactly", () => {
    const input = {
      ...DEFAULT_INPUT,
      scopes: "patient/Observation.rs?category=http://x|laboratory",
      query: "Observation?_count=5",
    };
    expect(inputFromSearch(inputToSearch(input))).toEqual(input);
    expect(linkCarriesNoSecret(`/scopes${inputToSearch(input)}`)).toBe(true);
    expect(linkCarriesNoSecret(`/scopes?query=Patient%3Faccess_token%3Dabcd1234`)).toBe(false);
  });
});
