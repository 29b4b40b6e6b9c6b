import { discountFor, lineTotal } from "./pricing.js";
import { computeTax } from "./tax.js";

export class Cart {
  constructor(region) {
    this.region = region;
    this.items = new Map();
    this.code = null;
  }

  add(sku, unitPrice, quantity = 1) {
    if (!Number.isInteger(quantity) || quantity <= 0) {
      throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
    }
    const existing = this.items.get(sku);
    if (existing) {
      existing.quantity += quantity;
    } else {
      this.items.set(sku, { sku, unitPrice, quantity });
    }
    return this;
  }

  remove(sku) {
    this.items.delete(sku);
    return this;
  }

  applyCode(code) {
    this.code = code;
    return this;
  }

  subtotal() {
    let sum = 0;
    for (const item of this.items.values()) sum += lineTotal(item);
    return sum;
  }

  // All amounts are integer cents. Tax is charged on what the customer
  // actually pays for the goods, i.e. after the discount.
  totals() {
    const subtotal = this.subtotal();
    const discount = discountFor(this.code, subtotal);
    const taxable = subtotal - discount;
    const tax = computeTax(subtotal, this.region);
    return { subtotal, discount, tax, total: taxable + tax };
  }
}
