/**
 * Turns a title into a URL slug: lower case, words joined by single dashes, nothing else.
 * slugify("Hello, World!") === "hello-world"
 */
export function slugify(title) {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "-")
    .replace(/^-+|-+$/g, "");
}
