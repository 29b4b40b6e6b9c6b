import { type DocsVariant, grouped, isoDate, outdatedLimits } from "./docs-variant.js";

function apiReference(variant: DocsVariant): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Fernhill API reference: rate limits</title></head>
<body>
<h1>API reference</h1>
<h2 id="rate-limits">Rate limits</h2>
<p>Limits are counted per API key over a sliding one-minute window. A request over the limit gets
HTTP 429 with a <code>Retry-After</code> header.</p>
<table>
  <thead><tr><th>API</th><th>Starter</th><th>Standard</th><th>Enterprise</th></tr></thead>
  <tbody>
    <tr><td>Events API</td><td>200 requests/minute</td><td>1,000 requests/minute</td><td>1,000 requests/minute</td></tr>
    <tr><td>Export API</td><td>30 requests/minute</td><td>${grouped(variant.standardLimit)} requests/minute</td><td>set in your agreement</td></tr>
  </tbody>
</table>
<h2 id="pagination">Pagination</h2>
<p>List endpoints return at most 500 items per page and a <code>next</code> cursor.</p>
</body>
</html>
`;
}

function pricing(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Fernhill pricing</title></head>
<body>
<h1>Plans and pricing</h1>
<ul>
  <li><strong>Starter</strong>: free, 1 project, community support.</li>
  <li><strong>Standard</strong>: $490 per month, 10 projects, email support.</li>
  <li><strong>Enterprise</strong>: custom pricing, unlimited projects, premium support and custom limits.</li>
</ul>
<p>Annual billing saves two months. Prices exclude VAT.</p>
</body>
</html>
`;
}

function changelog(variant: DocsVariant): string {
  const effective = isoDate(variant.effective);
  const { year, month, day } = variant.effective;
  // Announced two weeks ahead: a date in the right place that is not the answer.
  const announced = new Date(Date.UTC(year, month - 1, day) - 14 * 86_400_000).toISOString().slice(0, 10);
  return `# Changelog

## 2025-02-10

- Events API: \`GET /events\` accepts a \`since\` cursor.

## ${announced}: Export API limits revised

The per-key rate limits of the Export API were revised for the Starter and Standard plans. The new
limits take effect on ${effective}; see the API reference for the current values. Enterprise limits are
set in each customer's agreement.

## 2024-06-03

- Export API: exports can be compressed with zstd.
- Fixed: a 429 response sometimes had no \`Retry-After\` header.
`;
}

function faq(): string {
  return `# Frequently asked questions

_Last updated: March 2023._

## How fast can I export data?

The Export API allows ${outdatedLimits.standard} requests per minute on the Standard plan and
${outdatedLimits.enterprise} requests per minute on the Enterprise plan.

## Can I rotate API keys?

Yes: create a new key, deploy it, then revoke the old one in the console.
`;
}

const gettingStarted = `# Getting started

1. Create a project in the console.
2. Create an API key under **Settings > API keys**.
3. Send requests to \`https://api.fernhill.example/v2\` with the key in the \`Authorization\` header.

Keys are scoped to one project. See the API reference for endpoints and rate limits.
`;

const securityOverview = `# Security overview

- Data is encrypted at rest (AES-256) and in transit (TLS 1.2 or later).
- Fernhill is SOC 2 Type II certified; reports are available under NDA.
- API keys can be restricted to IP ranges.
`;

/** The text documents (the PDF is generated separately), by workspace path. */
export function textDocuments(variant: DocsVariant): [string, string][] {
  return [
    ["docs/api-reference.html", apiReference(variant)],
    ["docs/pricing.html", pricing()],
    ["docs/changelog.md", changelog(variant)],
    ["docs/faq.md", faq()],
    ["docs/getting-started.md", gettingStarted],
    ["docs/security-overview.md", securityOverview],
  ];
}
