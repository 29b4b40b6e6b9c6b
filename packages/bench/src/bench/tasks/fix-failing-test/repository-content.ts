import type { FixtureFiles } from "../fixture-tree.js";

const packageJson = `${JSON.stringify(
  { name: "stay-planner", version: "1.2.0", private: true, type: "module", scripts: { test: "node --test" } },
  null,
  2,
)}\n`;

const readme = `# stay-planner

Date helpers, availability and pricing for holiday-home bookings. Days are \`YYYY-MM-DD\` strings in UTC.
Run the tests with \`node --test\`.
`;

/** The buggy line (exclusive end) and its fix; part of the answer key. */
export const buggyLine = "  for (let time = parseDay(first); time < parseDay(last); time += DAY_MS) {";
export const fixedLine = "  for (let time = parseDay(first); time <= parseDay(last); time += DAY_MS) {";

const datesSource = `const DAY_MS = 86400000;

export function parseDay(text) {
  const match = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(text);
  if (!match) throw new RangeError("Expected YYYY-MM-DD, got " + text);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

export function formatDay(time) {
  return new Date(time).toISOString().slice(0, 10);
}

// Every calendar day from first to last, both included.
export function daysBetween(first, last) {
  const days = [];
${buggyLine}
    days.push(formatDay(time));
  }
  return days;
}

export function nights(checkIn, checkOut) {
  return (parseDay(checkOut) - parseDay(checkIn)) / DAY_MS;
}
`;

const availabilitySource = `import { parseDay } from "./dates.js";

// Stays are half-open: a guest leaving on a day does not block a guest arriving that day.
export function overlaps(stay, other) {
  return parseDay(stay.checkIn) < parseDay(other.checkOut) && parseDay(other.checkIn) < parseDay(stay.checkOut);
}

export function isAvailable(bookings, request) {
  return bookings.every((booking) => !overlaps(booking, request));
}
`;

const pricingSource = `import { nights } from "./dates.js";

// Prices are integer cents; stays of 7 nights or more get the weekly discount (in percent).
export function stayPrice(stay, rates) {
  const count = nights(stay.checkIn, stay.checkOut);
  const base = count * rates.nightly;
  const discount = count >= 7 ? Math.round((base * rates.weeklyDiscountPercent) / 100) : 0;
  return base - discount + rates.cleaning;
}
`;

const datesTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { daysBetween, formatDay, nights, parseDay } from "../src/dates.js";

test("parseDay rejects anything but YYYY-MM-DD", () => {
  assert.throws(() => parseDay("2024-3-1"), RangeError);
});

test("formatDay undoes parseDay", () => {
  assert.equal(formatDay(parseDay("2024-02-29")), "2024-02-29");
});

test("nights counts the nights of a stay", () => {
  assert.equal(nights("2024-02-27", "2024-03-01"), 3);
});

test("daysBetween includes the first and the last day", () => {
  assert.deepEqual(daysBetween("2024-02-27", "2024-03-01"), ["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
  assert.deepEqual(daysBetween("2024-05-01", "2024-05-01"), ["2024-05-01"]);
});
`;

const availabilityTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { isAvailable, overlaps } from "../src/availability.js";

const booked = [{ checkIn: "2024-07-01", checkOut: "2024-07-08" }];

test("back-to-back stays do not overlap", () => {
  assert.equal(overlaps(booked[0], { checkIn: "2024-07-08", checkOut: "2024-07-10" }), false);
});

test("a request inside a booking is unavailable", () => {
  assert.equal(isAvailable(booked, { checkIn: "2024-07-03", checkOut: "2024-07-05" }), false);
  assert.equal(isAvailable(booked, { checkIn: "2024-06-20", checkOut: "2024-07-01" }), true);
});
`;

const pricingTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { stayPrice } from "../src/pricing.js";

const rates = { nightly: 12000, weeklyDiscountPercent: 15, cleaning: 4500 };

test("short stays pay the nightly rate plus cleaning", () => {
  assert.equal(stayPrice({ checkIn: "2024-07-01", checkOut: "2024-07-04" }, rates), 40500);
});

test("a week gets the weekly discount", () => {
  assert.equal(stayPrice({ checkIn: "2024-07-01", checkOut: "2024-07-08" }, rates), 75900);
});
`;

/** The number of tests; a green run must pass at least this many. */
export const repositoryTestCount = 8;

/** The stay-planner repository, with its one bug. The seed changes nothing. */
export function fixFailingTestFiles(): FixtureFiles {
  return new Map([
    ["package.json", packageJson],
    ["README.md", readme],
    ["src/dates.js", datesSource],
    ["src/availability.js", availabilitySource],
    ["src/pricing.js", pricingSource],
    ["test/dates.test.js", datesTest],
    ["test/availability.test.js", availabilityTest],
    ["test/pricing.test.js", pricingTest],
  ]);
}
