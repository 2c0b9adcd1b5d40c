import { describe, expect, it } from "vitest";
import { fhirRequestFailure } from "./fhir-request-failure.ts";

describe("fhirRequestFailure", () => {
  it("reads the status and the Bearer challenge of a fhirclient HttpError", () => {
    const response = new Response(null, {
      status: 401,
      headers: {
        "WWW-Authenticate":
          'Bearer realm="https://lab.example/fhir", error="invalid_token", error_description="The access token expired (the lab expired it early)."',
      },
    });
    expect(fhirRequestFailure({ status: 401, response })).toEqual({
      status: 401,
      bearerError: "invalid_token",
      bearerErrorDescription: "The access token expired (the lab expired it early).",
    });
  });

  it("copes with a failure without challenge, and with errors that are not HTTP failures", () => {
    expect(fhirRequestFailure({ status: 500 })).toEqual({
      status: 500,
      bearerError: null,
      bearerErrorDescription: null,
    });
    expect(fhirRequestFailure(new Error("offline"))).toBeNull();
    expect(fhirRequestFailure(undefined)).toBeNull();
  });
});
