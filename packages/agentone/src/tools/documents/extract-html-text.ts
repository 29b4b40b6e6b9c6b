/**
 * Converts HTML to readable text: scripts, styles and images are dropped, link targets are kept in
 * brackets after the link text, tables keep their columns, and lines are not re-wrapped.
 * html-to-text is loaded on first use.
 *
 * @example
 * ```ts
 * await extractHtmlText('<p>See <a href="https://example.com">the docs</a></p>');
 * // "See the docs [https://example.com]"
 * ```
 */
export async function extractHtmlText(html: string): Promise<string> {
  const { convert } = await import("html-to-text");
  const skip = ["script", "style", "noscript", "template", "img", "svg", "iframe"].map((selector) => ({
    selector,
    format: "skip",
  }));
  const headings = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
    selector,
    options: { uppercase: false },
  }));
  return convert(html, {
    wordwrap: false,
    selectors: [
      ...skip,
      ...headings,
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
      { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    ],
  });
}
