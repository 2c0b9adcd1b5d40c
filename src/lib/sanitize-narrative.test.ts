import { describe, expect, it } from "vitest";
import {
  blockedImageText,
  decideNarrativeAttribute,
  isSafeNarrativeImageSource,
  isSafeNarrativeLink,
  NARRATIVE_ALLOWED_ATTRIBUTES,
  NARRATIVE_ALLOWED_TAGS,
  NARRATIVE_PURIFY_CONFIG,
  sanitizeNarrative,
  sanitizeNarrativeStyle,
} from "./sanitize-narrative.ts";

// DOMPurify needs a DOM, which Node does not have: the rules around it are tested here, the real sanitising of a
// hostile narrative in the browser by e2e/fhir-explorer.spec.ts.

describe("sanitizeNarrative without a DOM", () => {
  it("fails closed: returns nothing rather than the unsanitised input", () => {
    expect(sanitizeNarrative("<div><script>window.__xss=1</script><p>Hi</p></div>")).toBe("");
  });
});

describe("the DOMPurify configuration", () => {
  it("allows the FHIR XHTML formatting elements and nothing active", () => {
    for (const tag of ["div", "p", "table", "td", "a", "img", "span", "ul", "li", "br"]) {
      expect(NARRATIVE_ALLOWED_TAGS).toContain(tag);
    }
    for (const tag of [
      "script",
      "style",
      "iframe",
      "object",
      "embed",
      "form",
      "input",
      "link",
      "base",
      "svg",
      "math",
    ]) {
      expect(NARRATIVE_ALLOWED_TAGS).not.toContain(tag);
    }
  });

  it("allows no event handler, class, data or ARIA attribute", () => {
    expect(NARRATIVE_ALLOWED_ATTRIBUTES.filter((name) => name.startsWith("on"))).toEqual([]);
    expect(NARRATIVE_ALLOWED_ATTRIBUTES).not.toContain("class");
    expect(NARRATIVE_ALLOWED_ATTRIBUTES).not.toContain("tabindex");
    expect(NARRATIVE_PURIFY_CONFIG.ALLOW_DATA_ATTR).toBe(false);
    expect(NARRATIVE_PURIFY_CONFIG.ALLOW_ARIA_ATTR).toBe(false);
    expect(NARRATIVE_PURIFY_CONFIG.SANITIZE_NAMED_PROPS).toBe(true);
  });
});

describe("isSafeNarrativeImageSource", () => {
  it("accepts inline raster images", () => {
    expect(isSafeNarrativeImageSource("data:image/png;base64,iVBORw0KGgo=")).toBe(true);
    expect(isSafeNarrativeImageSource("data:image/jpeg;base64,/9j/4AAQ")).toBe(true);
  });

  it("refuses anything that would be fetched, and SVG", () => {
    for (const src of [
      "x",
      "https://evil.example/pixel.png",
      "//evil.example/pixel.png",
      "/smart-lab/fhir/Patient",
      "#photo",
      "data:image/svg+xml;base64,PHN2Zz4=",
      "data:text/html;base64,PHNjcmlwdD4=",
      "javascript:alert(1)",
    ]) {
      expect(isSafeNarrativeImageSource(src), src).toBe(false);
    }
  });
});

describe("isSafeNarrativeLink", () => {
  it("accepts fragments, relative references and web, mail and phone links", () => {
    for (const href of [
      "#section",
      "Patient/smart-1",
      "https://hl7.org/fhir/",
      "http://x.test",
      "mailto:a@b.c",
      "tel:+15551234",
    ]) {
      expect(isSafeNarrativeLink(href), href).toBe(true);
    }
  });

  it("refuses script and data URLs, however they are disguised", () => {
    for (const href of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "\u0001javascript:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,<script>alert(1)</script>",
      "\\\\evil.example\\share",
    ]) {
      expect(isSafeNarrativeLink(href), JSON.stringify(href)).toBe(false);
    }
  });
});

describe("sanitizeNarrativeStyle", () => {
  it("keeps harmless declarations", () => {
    expect(sanitizeNarrativeStyle("color: red; font-weight:bold")).toBe("color: red; font-weight: bold");
    expect(sanitizeNarrativeStyle("background-color: rgb(255, 0, 0)")).toBe("background-color: rgb(255, 0, 0)");
  });

  it("drops every way of loading a resource", () => {
    expect(sanitizeNarrativeStyle("background: url(https://evil.example/bg.png)")).toBe("");
    expect(sanitizeNarrativeStyle("color: red; background-image: url('https://evil.example/bg.png')")).toBe(
      "color: red",
    );
    expect(sanitizeNarrativeStyle("width: 10px; list-style-image: url(x.png)")).toBe("width: 10px");
    expect(sanitizeNarrativeStyle("border-image: image-set('x.png' 1x) 30")).toBe("");
    expect(sanitizeNarrativeStyle("color: red; width: src('x')")).toBe("color: red");
    expect(sanitizeNarrativeStyle("width: url (x)")).toBe("");
  });

  it("refuses escapes, comments and at-rules outright, since they can disguise url()", () => {
    expect(sanitizeNarrativeStyle("color: red; background-color: \\75rl(x)")).toBe("");
    expect(sanitizeNarrativeStyle("color: red; width: u/**/rl(x)")).toBe("");
    expect(sanitizeNarrativeStyle("@import 'https://evil.example/x.css'")).toBe("");
  });

  it("drops properties that could cover the page or inject content", () => {
    expect(sanitizeNarrativeStyle("position: fixed; top: 0; left: 0; z-index: 99; color: red")).toBe("color: red");
    expect(sanitizeNarrativeStyle("content: 'x'; behavior: url(x.htc); -moz-binding: url(x)")).toBe("");
    expect(sanitizeNarrativeStyle("width: expression(alert(1))")).toBe("");
  });
});

describe("decideNarrativeAttribute", () => {
  it("drops event handlers on any element", () => {
    expect(decideNarrativeAttribute("IMG", "onerror", "window.__xss=2")).toEqual({ keep: false });
    expect(decideNarrativeAttribute("p", "onClick", "x()")).toEqual({ keep: false });
  });

  it("keeps src only for inline images on img", () => {
    expect(decideNarrativeAttribute("IMG", "src", "x")).toEqual({ keep: false });
    expect(decideNarrativeAttribute("img", "src", "data:image/png;base64,AAAA")).toEqual({
      keep: true,
      value: "data:image/png;base64,AAAA",
    });
    expect(decideNarrativeAttribute("span", "src", "data:image/png;base64,AAAA")).toEqual({ keep: false });
  });

  it("keeps href only on links to safe targets", () => {
    expect(decideNarrativeAttribute("A", "href", "javascript:alert(1)")).toEqual({ keep: false });
    expect(decideNarrativeAttribute("A", "href", "#x")).toEqual({ keep: true, value: "#x" });
    expect(decideNarrativeAttribute("div", "href", "#x")).toEqual({ keep: false });
  });

  it("filters styles and drops attributes outside the list", () => {
    expect(decideNarrativeAttribute("p", "style", "color: red; background: url(x)")).toEqual({
      keep: true,
      value: "color: red",
    });
    expect(decideNarrativeAttribute("p", "style", "background: url(x)")).toEqual({ keep: false });
    expect(decideNarrativeAttribute("p", "class", "skip-link")).toEqual({ keep: false });
    expect(decideNarrativeAttribute("td", "colspan", "2")).toEqual({ keep: true, value: "2" });
  });
});

describe("blockedImageText", () => {
  it("tells the reader an image was left out, with its alt text when there is one", () => {
    expect(blockedImageText("Chest X-ray")).toBe("[image not loaded: Chest X-ray]");
    expect(blockedImageText(null)).toBe("[image not loaded]");
    expect(blockedImageText("  ")).toBe("[image not loaded]");
  });
});
