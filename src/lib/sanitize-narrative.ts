import DOMPurify, { type Config, type DOMPurify as Purifier, type WindowLike } from "dompurify";

/**
 * The elements a FHIR R4 narrative may use: the basic formatting subset of XHTML that the FHIR XHTML schema
 * allows. Left out on purpose: `map`/`area` (image maps link out from an image we do not load anyway).
 */
export const NARRATIVE_ALLOWED_TAGS: readonly string[] = [
  "a",
  "abbr",
  "acronym",
  "address",
  "b",
  "bdo",
  "big",
  "blockquote",
  "br",
  "caption",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "ol",
  "p",
  "pre",
  "q",
  "samp",
  "small",
  "span",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "tt",
  "ul",
  "var",
];

/**
 * The attributes kept. The FHIR schema also allows `class`, `accesskey` and `tabindex`; they are dropped here
 * because inside the lab's page they would pick up the app's own CSS classes, steal keyboard shortcuts or break
 * the tab order. No `on*` attribute is ever allowed (narrative.html forbids event attributes).
 */
export const NARRATIVE_ALLOWED_ATTRIBUTES: readonly string[] = [
  "href",
  "name",
  "title",
  "lang",
  "xml:lang",
  "dir",
  "id",
  "style",
  "src",
  "alt",
  "width",
  "height",
  "span",
  "colspan",
  "rowspan",
  "scope",
  "headers",
  "abbr",
  "align",
  "valign",
  "summary",
];

/**
 * The DOMPurify configuration for narratives: an allow-list of the FHIR XHTML subset, no data/ARIA attributes,
 * no SVG/MathML, and ids prefixed (`user-content-`) so a narrative cannot clobber the page's globals.
 */
export const NARRATIVE_PURIFY_CONFIG = {
  ALLOWED_TAGS: [...NARRATIVE_ALLOWED_TAGS],
  ALLOWED_ATTR: [...NARRATIVE_ALLOWED_ATTRIBUTES],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  USE_PROFILES: false,
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true,
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM_FRAGMENT: true,
} as const satisfies Config;

/** Image sources a narrative may show: inline raster images only, so showing one never makes a request. */
export function isSafeNarrativeImageSource(src: string): boolean {
  return /^data:image\/(?:png|gif|jpeg|webp);base64,[a-z0-9+/=\s]*$/i.test(src.trim());
}

/**
 * Link targets a narrative may have: fragments, relative references, and http(s)/mailto/tel. Browsers ignore
 * whitespace and control characters inside a scheme (`java\tscript:` runs), so they are removed before the check.
 */
export function isSafeNarrativeLink(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme === undefined) return !cleaned.startsWith("\\");
  return scheme === "http" || scheme === "https" || scheme === "mailto" || scheme === "tel";
}

/** CSS properties a narrative's `style` may set: text, colour, box and table layout — none can load anything. */
const ALLOWED_STYLE_PROPERTIES = new Set([
  "color",
  "background-color",
  "font-weight",
  "font-style",
  "font-size",
  "font-family",
  "font-variant",
  "text-align",
  "text-decoration",
  "text-transform",
  "text-indent",
  "vertical-align",
  "white-space",
  "line-height",
  "letter-spacing",
  "word-spacing",
  "width",
  "min-width",
  "max-width",
  "height",
  "min-height",
  "max-height",
  "margin",
  "margin-top",
  "margin-right",
  "margin-bottom",
  "margin-left",
  "padding",
  "padding-top",
  "padding-right",
  "padding-bottom",
  "padding-left",
  "border",
  "border-top",
  "border-right",
  "border-bottom",
  "border-left",
  "border-color",
  "border-style",
  "border-width",
  "border-collapse",
  "border-spacing",
  "list-style-type",
  "display",
  "float",
  "clear",
]);

/** CSS functions allowed in values: colours and arithmetic only (no `url()`, `image-set()`, `src()`, `var()` …). */
const ALLOWED_STYLE_FUNCTIONS = new Set(["rgb", "rgba", "hsl", "hsla", "calc"]);

/**
 * Keeps the declarations of an inline `style` that can neither load a resource nor escape the narrative's box:
 * allow-listed properties only, values without comments, escapes or any function but colours/`calc()`. Returns
 * "" when nothing is left. (`position`, `background`, `list-style-image`, `content` … are all dropped.)
 */
export function sanitizeNarrativeStyle(css: string): string {
  // Escapes and comments can spell any function name in disguise: refuse the whole attribute.
  if (/[\\<>]|\/\*|@/.test(css)) return "";
  const kept: string[] = [];
  for (const declaration of css.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!ALLOWED_STYLE_PROPERTIES.has(property) || value === "") continue;
    const functions = [...value.matchAll(/([a-z-]*)\s*\(/gi)].map((match) => (match[1] ?? "").toLowerCase());
    if (functions.some((name) => !ALLOWED_STYLE_FUNCTIONS.has(name))) continue;
    if (/expression|javascript:/i.test(value)) continue;
    kept.push(`${property}: ${value}`);
  }
  return kept.join("; ");
}

/** What to do with one attribute DOMPurify is about to keep: drop it, or keep it with this value. */
export type NarrativeAttributeDecision = { keep: false } | { keep: true; value: string };

/**
 * The narrative rules on top of DOMPurify's own, for one attribute of one element: event handlers never,
 * `src` only on `img` and only inline data, `href` only on `a` and only to safe schemes, `style` filtered.
 */
export function decideNarrativeAttribute(tagName: string, name: string, value: string): NarrativeAttributeDecision {
  const tag = tagName.toLowerCase();
  const attribute = name.toLowerCase();
  if (attribute.startsWith("on")) return { keep: false };
  if (!NARRATIVE_ALLOWED_ATTRIBUTES.includes(attribute)) return { keep: false };
  switch (attribute) {
    case "src":
      return tag === "img" && isSafeNarrativeImageSource(value) ? { keep: true, value } : { keep: false };
    case "href":
      return tag === "a" && isSafeNarrativeLink(value) ? { keep: true, value } : { keep: false };
    case "style": {
      const style = sanitizeNarrativeStyle(value);
      return style === "" ? { keep: false } : { keep: true, value: style };
    }
    default:
      return { keep: true, value };
  }
}

/** The text shown in place of an image the lab will not load. */
export function blockedImageText(alt: string | null): string {
  const label = alt?.trim();
  return label ? `[image not loaded: ${label}]` : "[image not loaded]";
}

let purifier: Purifier | undefined;

/** One DOMPurify instance of our own, so the narrative hooks never affect another caller's sanitising. */
function narrativePurifier(): Purifier {
  if (purifier) return purifier;
  const root = (globalThis as { window?: WindowLike }).window;
  const instance = DOMPurify(root);
  purifier = instance;
  // Without a DOM the instance is a stub without hooks; sanitizeNarrative checks isSupported and fails closed.
  if (!instance.isSupported) return instance;
  instance.addHook("uponSanitizeAttribute", (node, event) => {
    const decision = decideNarrativeAttribute(node.nodeName, event.attrName, event.attrValue);
    if (decision.keep) event.attrValue = decision.value;
    else event.keepAttr = false;
  });
  instance.addHook("afterSanitizeAttributes", (node) => {
    // A link opens outside the lab page (a narrative is data, not part of the app's navigation).
    if (node.nodeName === "A" && node.hasAttribute("href") && !node.getAttribute("href")?.startsWith("#")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
  return instance;
}

/**
 * Sanitises a narrative's `text.div` XHTML for display inside the lab's page: FHIR's XHTML subset, no script, no
 * event handler, no `javascript:` URL, and nothing that would make a request (images without inline data are
 * replaced by their alt text, `url()` never survives in a style). Fails closed: without a DOM (Node) it
 * returns "" rather than the input.
 */
export function sanitizeNarrative(html: string): string {
  const instance = narrativePurifier();
  if (!instance.isSupported) return "";
  const fragment = instance.sanitize(html, NARRATIVE_PURIFY_CONFIG);
  if (!fragment) return "";
  const document = fragment.ownerDocument;
  // The fragment lives in DOMPurify's inert document: nothing in it loads until the string is rendered.
  for (const image of Array.from(fragment.querySelectorAll("img"))) {
    if (image.hasAttribute("src")) continue;
    const replacement = document.createElement("span");
    replacement.className = "narrative-blocked-image";
    replacement.textContent = blockedImageText(image.getAttribute("alt"));
    image.replaceWith(replacement);
  }
  const container = document.createElement("div");
  container.append(fragment);
  return container.innerHTML;
}
