// Promotional codes. A code gives either a percentage off or a fixed amount
// off (in cents), optionally only above a minimum subtotal.
export const DISCOUNT_CODES = {
  SPRING10: { kind: "percent", value: 10 },
  WELCOME5: { kind: "fixed", value: 500, minSubtotal: 2500 },
  HALFOFF: { kind: "percent", value: 50 },
};

export function lineTotal(item) {
  if (!Number.isInteger(item.unitPrice) || item.unitPrice < 0) {
    throw new TypeError(`unitPrice must be a non-negative integer (cents), got ${item.unitPrice}`);
  }
  return item.unitPrice * item.quantity;
}

// Returns the discount in cents for the given subtotal. Unknown codes and
// codes whose minimum is not met give no discount.
export function discountFor(code, subtotalCents) {
  if (!code) return 0;
  const promo = DISCOUNT_CODES[code.toUpperCase()];
  if (!promo) return 0;
  if (promo.minSubtotal !== undefined && subtotalCents < promo.minSubtotal) return 0;
  const amount =
    promo.kind === "percent" ? Math.round((subtotalCents * promo.value) / 100) : promo.value;
  return Math.min(amount, subtotalCents);
}
