import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { sectionsOf } from "../../../scripts/lab-search-index.ts";
import { matchingSentence } from "./matching-sentence.ts";
import { SEARCH_OPTIONS, type SearchDocument } from "./search-document.ts";

const LESSON = `---
title: PKCE
---

Intro text before any heading.

## Why PKCE

A stolen **authorization code** is useless without the \`code_verifier\`. The verifier never leaves the app.

\`\`\`text
code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
\`\`\`

<FlowVisualizer flow="standalone" />

## S256 only

The lab refuses plain.
`;

describe("the search index", () => {
  it("has one document per section, with the words a reader sees (no code blocks, no components)", () => {
    const sections = sectionsOf(LESSON, "/labs/oauth/pkce", "PKCE");
    expect(sections.map((s) => [s.heading, s.text])).toEqual([
      ["", "Intro text before any heading."],
      [
        "Why PKCE",
        "A stolen authorization code is useless without the code_verifier. The verifier never leaves the app.",
      ],
      ["S256 only", "The lab refuses plain."],
    ]);
  });

  it("finds sections by heading and text with prefixes, built and loaded with the same options", () => {
    const index = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
    index.addAll(sectionsOf(LESSON, "/labs/oauth/pkce", "PKCE"));
    const loaded = MiniSearch.loadJSON<SearchDocument>(JSON.stringify(index), SEARCH_OPTIONS);
    expect(loaded.search("verif")[0]?.heading).toBe("Why PKCE");
    expect(loaded.search("refuses plain")[0]?.heading).toBe("S256 only");
  });
});

describe("the matching sentence", () => {
  it("picks the sentence with the most terms and marks them", () => {
    const parts = matchingSentence("PKCE is old. A stolen code is useless without the verifier. Bye.", [
      "stolen",
      "verifier",
    ]);
    expect(parts.map((p) => (p.marked ? `[${p.text}]` : p.text)).join("")).toBe(
      "A [stolen] code is useless without the [verifier].",
    );
  });

  it("cuts a long sentence around the first match", () => {
    const long = `${"word ".repeat(100)}target ${"tail ".repeat(100)}`;
    const text = matchingSentence(long, ["target"], 60)
      .map((p) => p.text)
      .join("");
    expect(text.length).toBeLessThanOrEqual(62);
    expect(text).toContain("target");
    expect(text.startsWith("…")).toBe(true);
  });
});
