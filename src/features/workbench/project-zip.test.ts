import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { WORKBENCH_TEMPLATES } from "../../data/workbench-templates.ts";
import { buildProjectZip } from "./project-zip.ts";
import { scriptSyntaxProblems } from "./script-syntax-problems.ts";

describe("the project download", () => {
  it("holds every file, the README and fhirclient's build one folder up, as the pages include it", () => {
    const zip = buildProjectZip("fhirclient", WORKBENCH_TEMPLATES.fhirclient, {
      clientId: "lab-workbench-app",
      fhirClientJs: "window.FHIR = {};",
    });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(
      [
        "fhir-client.js",
        ...Object.keys(WORKBENCH_TEMPLATES.fhirclient).map((n) => `fhirclient/${n}`),
        "fhirclient/README.md",
      ].sort(),
    );
    expect(strFromU8(files["fhirclient/app.js"] ?? new Uint8Array())).toBe(WORKBENCH_TEMPLATES.fhirclient["app.js"]);
    expect(strFromU8(files["fhirclient/README.md"] ?? new Uint8Array())).toMatch(/launch\.smarthealthit\.org/);
  });
});

describe("syntax problems before a run", () => {
  it("finds the line and column of an error in a script file", () => {
    expect(scriptSyntaxProblems("app.js", "const a = 1;\nconst b = ;\n")).toEqual([
      { line: 2, column: 11, message: "SyntaxError: Unexpected token" },
    ]);
  });

  it("finds an error inside an inline <script> of a page, at its place in the page", () => {
    const html = '<html>\n<body>\n<script src="x.js"></script>\n<script>\nfoo(;\n</script>\n</body></html>';
    expect(scriptSyntaxProblems("index.html", html)).toEqual([
      { line: 5, column: 5, message: "SyntaxError: Unexpected token" },
    ]);
  });

  it("has nothing to say about the templates, or about other files", () => {
    for (const files of Object.values(WORKBENCH_TEMPLATES))
      for (const [name, content] of Object.entries(files)) expect(scriptSyntaxProblems(name, content)).toEqual([]);
    expect(scriptSyntaxProblems("style.css", "a { b: }")).toEqual([]);
  });
});
