import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { WORKBENCH_PROJECT_IDS, WORKBENCH_TEMPLATES } from "../../data/workbench-templates.ts";
import { createMemoryStorage } from "../key-value-storage.ts";
import { createWorkbenchFileServer } from "./workbench-file-server.ts";

const APP = "https://learner.github.io/smart-lab/";

function setUp() {
  return createWorkbenchFileServer({ storage: createMemoryStorage(), appUrl: APP, templates: WORKBENCH_TEMPLATES });
}

describe("the workbench file host", () => {
  it("serves the templates at real URLs with their content types, then the learner's edits", async () => {
    const server = setUp();
    const script = await server.handle(new Request(`${APP}workbench/app/fhirclient/app.js`));
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain("FHIR.oauth2");
    expect(server.write("fhirclient", "app.js", "console.log('mine');")).toEqual({ ok: true });
    expect(await (await server.handle(new Request(`${APP}workbench/app/fhirclient/app.js?v=2`))).text()).toBe(
      "console.log('mine');",
    );
    server.reset("fhirclient");
    expect(server.read("fhirclient", "app.js")).toBe(WORKBENCH_TEMPLATES.fhirclient["app.js"]);
  });

  it("answers 404 for a file the project does not have, 405 for a write, and never leaves its folder", async () => {
    const server = setUp();
    expect((await server.handle(new Request(`${APP}workbench/app/fhirclient/missing.js`))).status).toBe(404);
    expect((await server.handle(new Request(`${APP}workbench/app/fhirclient/app.js`, { method: "POST" }))).status).toBe(
      405,
    );
    expect(server.locate(`${APP}workbench/app/fhirclient/../../auth/token`)).toBeNull();
    expect(server.locate(`${APP}workbench/app/other/index.html`)).toBeNull();
    expect(server.locate(`https://elsewhere.example/smart-lab/workbench/app/fhirclient/index.html`)).toBeNull();
    expect(server.locate(`${APP}workbench/app/plain-fetch/`)).toEqual({ project: "plain-fetch", name: "index.html" });
  });

  it("refuses bad names and oversized files with the reason, keeping what was there", () => {
    const server = setUp();
    expect(server.write("fhirclient", "../evil.js", "x")).toMatchObject({ ok: false });
    expect(server.write("fhirclient", "App.JS", "x")).toMatchObject({ ok: false });
    expect(server.write("fhirclient", "big.js", "x".repeat(200_001))).toMatchObject({ ok: false });
    expect(server.files("fhirclient")).toEqual(WORKBENCH_TEMPLATES.fhirclient);
  });

  it("falls back to the templates when the stored project is unreadable", () => {
    const storage = createMemoryStorage({ "files:fhirclient": "{not json" });
    const server = createWorkbenchFileServer({ storage, appUrl: APP, templates: WORKBENCH_TEMPLATES });
    expect(server.files("fhirclient")).toEqual(WORKBENCH_TEMPLATES.fhirclient);
  });
});

describe("the workbench templates", () => {
  for (const project of WORKBENCH_PROJECT_IDS) {
    const files = WORKBENCH_TEMPLATES[project];
    it(`${project}: every script parses, every local script a page includes exists, launch.html and index.html are there`, () => {
      expect(Object.keys(files)).toEqual(expect.arrayContaining(["launch.html", "index.html"]));
      for (const [name, content] of Object.entries(files)) {
        const scripts = name.endsWith(".js")
          ? [content]
          : [...content.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? "");
        for (const code of scripts) expect(() => new Script(code, { filename: name })).not.toThrow();
        for (const match of content.matchAll(/<script src="([^"]+)"/g)) {
          const src = match[1] ?? "";
          if (src === "../fhir-client.js") continue; // the lab's own copy of fhirclient's browser build
          expect(Object.keys(files), `${name} includes ${src}`).toContain(src);
        }
      }
    });
  }
});
