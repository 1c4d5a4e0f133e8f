/** Suppliers S0, S1, … of every size: micro to large, revenue known, terms from 14 to 90 days (tests and benchmarks). */
export const sizedSuppliers = (count: number) =>
  Array.from({ length: count }, (_, s) => ({
    supplierId: `S${s}`,
    name: `Supplier ${s}`,
    country: s % 2 ? 'NL' : 'DE',
    employees: s % 300,
    annualRevenue: ((s % 50) + 1) * 100_000_00,
    revenueCurrency: 'EUR',
    paymentTermsDays: [14, 30, 45, 90][s % 4],
  }));
