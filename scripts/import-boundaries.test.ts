import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layering rules of DESIGN.md §1 that Biome's import rules cannot express: pure layers read no
 * `import.meta.env` and import nothing from the UI or adapter layers, and features never import each other.
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Relative import specifiers of a file, resolved to paths under src/. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ]
    .map((m) => m[1] ?? m[2] ?? "")
    .filter((s) => s.startsWith("."));
  return specifiers.map((s) => resolve(dirname(file), s));
}

const layer = (path: string) => relative(src, path).split(sep);
const pureLayers = ["protocol", "servers", "data"];

describe("import boundaries", () => {
  const files = filesUnder(src);

  it("pure layers (protocol, servers, data) never read import.meta.env", () => {
    const offenders = files.filter(
      (f) => pureLayers.includes(layer(f)[0] ?? "") && readFileSync(f, "utf8").includes("import.meta.env"),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it("pure layers import only pure layers", () => {
    const offenders = files
      .filter((f) => pureLayers.includes(layer(f)[0] ?? ""))
      .flatMap((f) =>
        relativeImports(f)
          .filter((target) => !pureLayers.includes(layer(target)[0] ?? ""))
          .map((target) => `${relative(root, f)} → ${relative(root, target)}`),
      );
    expect(offenders).toEqual([]);
  });

  it("features do not import other features", () => {
    const offenders = files
      .filter((f) => layer(f)[0] === "features")
      .flatMap((f) =>
        relativeImports(f)
          .filter((target) => layer(target)[0] === "features" && layer(target)[1] !== layer(f)[1])
          .map((target) => `${relative(root, f)} → ${relative(root, target)}`),
      );
    expect(offenders).toEqual([]);
  });

  it("the checks see the code they guard", () => {
    expect(files.filter((f) => layer(f)[0] === "servers").length).toBeGreaterThan(10);
    expect(files.filter((f) => layer(f)[0] === "features").length).toBeGreaterThan(10);
  });
});
