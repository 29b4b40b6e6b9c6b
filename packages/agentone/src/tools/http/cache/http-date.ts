const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// The three forms of RFC 9110 §5.6.7 (recipients must accept all three), all in GMT:
// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and
// asctime "Sun Nov  6 08:49:37 1994".
const imfFixdate = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/;
const rfc850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/;
const asctime = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

interface DateParts {
  year: number;
  month: string;
  day: string;
  time: readonly [hours: string, minutes: string, seconds: string];
}

function toTime(parts: DateParts): number | undefined {
  const month = months.indexOf(parts.month);
  if (month < 0) return undefined;
  const [hours, minutes, seconds] = parts.time;
  return Date.UTC(
    parts.year,
    month,
    Number(parts.day.trim()),
    Number(hours),
    Number(minutes),
    Number(seconds),
  );
}

/**
 * Parses an HTTP-date into milliseconds since the epoch, or undefined when it is not one (a cache must
 * then treat an Expires as already past, RFC 9111 §5.3). `Date.parse` is not used: it reads "0" as the
 * year 2000 and asctime dates as local time. A two-digit RFC 850 year is read as 1970–2069.
 *
 * @example
 * ```ts
 * parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"); // 784111777000
 * parseHttpDate("0"); // undefined
 * ```
 */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  let match = imfFixdate.exec(text);
  if (match) {
    const [, day = "", month = "", year = "", hours = "", minutes = "", seconds = ""] = match;
    return toTime({ year: Number(year), month, day, time: [hours, minutes, seconds] });
  }
  match = rfc850.exec(text);
  if (match) {
    const [, day = "", month = "", shortYear = "", hours = "", minutes = "", seconds = ""] = match;
    const year = Number(shortYear) + (Number(shortYear) >= 70 ? 1900 : 2000);
    return toTime({ year, month, day, time: [hours, minutes, seconds] });
  }
  match = asctime.exec(text);
  if (match) {
    const [, month = "", day = "", hours = "", minutes = "", seconds = "", year = ""] = match;
    return toTime({ year: Number(year), month, day, time: [hours, minutes, seconds] });
  }
  return undefined;
}
