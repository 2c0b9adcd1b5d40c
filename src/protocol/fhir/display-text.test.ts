import { describe, expect, it } from "vitest";
import { codeableConceptText, humanNameText } from "./display-text.ts";

describe("display text", () => {
  it("a HumanName list: text first, else given + family; junk gives empty text", () => {
    expect(humanNameText([{ text: "Dr. Amy Shaw" }])).toBe("Dr. Amy Shaw");
    expect(humanNameText([{ given: ["Amy", "J"], family: "Shaw" }])).toBe("Amy J Shaw");
    expect(humanNameText([null, { family: "Shaw", given: [3, "Amy"] }])).toBe("Amy Shaw");
    for (const junk of [undefined, [], "Amy", [{}], [{ given: "Amy" }]]) expect(humanNameText(junk)).toBe("");
  });

  it("a CodeableConcept: text, else the first coding's display, else its code", () => {
    expect(codeableConceptText({ text: "Body height", coding: [{ display: "x" }] })).toBe("Body height");
    expect(codeableConceptText({ coding: [{ display: "Body height", code: "8302-2" }] })).toBe("Body height");
    expect(codeableConceptText({ coding: [{ code: "8302-2" }] })).toBe("8302-2");
    for (const junk of [null, "x", { coding: "x" }, []]) expect(codeableConceptText(junk)).toBe("");
  });
});
