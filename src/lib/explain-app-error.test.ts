import { describe, expect, it } from "vitest";
import { explainAppError } from "./explain-app-error.ts";
import { ownServerProblem } from "./own-server-problem.ts";

describe("errors explained", () => {
  it("says why index.html opened on its own fails, and what a missing launch scope does", () => {
    expect(explainAppError("Error: No 'state' parameter found. Please (re)launch the app.")).toMatch(/launch\.html/);
    expect(explainAppError("Error: Patient is not available")).toMatch(/launch scope/);
    expect(explainAppError("TypeError: Failed to fetch")).toMatch(/CORS/);
    expect(explainAppError("all fine")).toBeNull();
  });
});

describe("bring your own server", () => {
  it("takes an https FHIR base and refuses anything else with the reason", () => {
    expect(ownServerProblem("https://launch.smarthealthit.org/v/r4/fhir")).toBeNull();
    expect(ownServerProblem("http://insecure.example/fhir")).toMatch(/https/);
    expect(ownServerProblem("https://x.example/fhir?a=1")).toMatch(/without \?/);
    expect(ownServerProblem("not a url")).toMatch(/FHIR base URL/);
  });
});
