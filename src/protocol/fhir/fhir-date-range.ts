/**
 * A date, dateTime or instant as the half-open interval of epoch milliseconds it covers: `2020` covers the whole
 * year, `2020-03-01T10:00:00Z` one second. FHIR search compares these implicit ranges, not points.
 * @see https://hl7.org/fhir/R4/search.html#date
 */
export interface DateRange {
  /** Inclusive lower bound (ms since epoch); `-Infinity` for an open start. */
  low: number;
  /** Exclusive upper bound (ms since epoch); `Infinity` for an open end. */
  high: number;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * Parses a FHIR date/dateTime/instant (any precision) into the range it implies. Times without a zone are read
 * as UTC so results never depend on the machine's zone (the spec leaves unzoned times to the server).
 */
export function fhirDateRange(text: string): DateRange | undefined {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  if (month === undefined) return { low: Date.UTC(year, 0, 1), high: Date.UTC(year + 1, 0, 1) };
  if (day === undefined) return { low: Date.UTC(year, month - 1, 1), high: Date.UTC(year, month, 1) };
  if (h === undefined) return { low: Date.UTC(year, month - 1, day), high: Date.UTC(year, month - 1, day + 1) };
  let offset = 0;
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const low = Date.UTC(year, month - 1, day, Number(h), Number(mi), s === undefined ? 0 : Number(s), millis) - offset;
  const width = s === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
  return { low, high: low + width };
}

/** The range a Period covers: an absent start or end is open. */
export function periodRange(start: unknown, end: unknown): DateRange | undefined {
  const from = typeof start === "string" ? fhirDateRange(start) : undefined;
  const to = typeof end === "string" ? fhirDateRange(end) : undefined;
  if (!from && !to) return undefined;
  return { low: from ? from.low : Number.NEGATIVE_INFINITY, high: to ? to.high : Number.POSITIVE_INFINITY };
}
