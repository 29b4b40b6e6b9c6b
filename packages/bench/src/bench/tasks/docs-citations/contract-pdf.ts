import { PDFDocument, StandardFonts } from "pdf-lib";
import { type DocsVariant, grouped } from "./docs-variant.js";

function pages(variant: DocsVariant): string[][] {
  return [
    [
      "ENTERPRISE SUBSCRIPTION AGREEMENT",
      "",
      'Between Fernhill Data Ltd. ("Provider") and Kestrel Logistics GmbH ("Customer").',
      "Effective Date of this Agreement: 15 March 2024.",
      "",
      "1. Definitions",
      '1.1 "Services" means the Provider\'s hosted data platform, including the Events API and',
      "    the Export API, as described in the Provider's published documentation.",
      '1.2 "API key" means a credential issued to Customer for programmatic access.',
      "",
      "2. Term and renewal",
      "2.1 This Agreement runs for 36 months from the Effective Date and renews for",
      "    successive 12-month periods unless either party gives 90 days' written notice.",
      "",
      "3. Fees",
      "3.1 Fees are set out in Order Form EF-2291 and are invoiced annually in advance.",
      "",
      "4. Support",
      "4.1 Customer receives Premium Support with a 1-hour response target for Severity 1.",
    ],
    [
      "Schedule B - Service limits",
      "",
      "B.1 Events API. The limits published in the Provider's API reference apply.",
      "B.2 Export API. As an exception to the limits published in the API reference for",
      `    other plans, Customer's Enterprise plan Export API limit is ${grouped(variant.enterpriseLimit)} requests per`,
      "    minute per API key.",
      "B.3 Storage. Customer may retain up to 50 TB of exported data in Provider storage.",
      "",
      "Schedule C - Service credits",
      "C.1 Monthly availability below 99.9% entitles Customer to a 10% service credit.",
    ],
  ];
}

/**
 * The two-page Enterprise agreement (the enterprise exception is on page 2), generated with pdf-lib.
 * Metadata is fixed so the same variant gives byte-identical bytes.
 */
export async function contractPdf(variant: DocsVariant): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle("Enterprise Subscription Agreement");
  document.setCreationDate(new Date(Date.UTC(2024, 2, 15)));
  const font = await document.embedFont(StandardFonts.Helvetica);
  const texts = pages(variant);
  texts.forEach((lines, index) => {
    const page = document.addPage([595, 842]);
    lines.forEach((line, lineIndex) => {
      page.drawText(line, { x: 56, y: 780 - lineIndex * 18, size: 11, font });
    });
    page.drawText(`Page ${index + 1} of ${texts.length}`, { x: 260, y: 40, size: 9, font });
  });
  return document.save();
}
