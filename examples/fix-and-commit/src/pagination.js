/**
 * Paging helpers for a list shown a page at a time. Pages are numbered from 1; an empty list still has
 * one (empty) page, so a pager always has a page to show.
 */

export function pageCount(totalItems, pageSize) {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`Bad page size: ${pageSize}`);
  return Math.max(1, Math.ceil(totalItems / pageSize));
}

// The items on one page (1-based); past the last page, none.
export function pageItems(items, page, pageSize) {
  const start = (page - 1) * pageSize;
  return items.slice(start, start + pageSize);
}

// Every page number, first to last, for the pager's links.
export function pageNumbers(totalItems, pageSize) {
  const numbers = [];
  const last = pageCount(totalItems, pageSize);
  for (let page = 1; page < last; page++) {
    numbers.push(page);
  }
  return numbers;
}
