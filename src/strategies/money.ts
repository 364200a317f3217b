// Amounts: minor units in the catalog, human amounts in CSV files. Zero-decimal currencies (JPY…)
// have no minor unit.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

const decimalsOf = (currency: string) => (ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2);

/** 110 EUR minor units → "1.1"; 1000 JPY → "1000". */
export function formatAmount(minor: number, currency: string): string {
  return String(minor / 10 ** decimalsOf(currency));
}

/** "1.10" EUR → 110; "44.441" → 4444 (rounded); "1000" JPY → 1000. Null when not a number. */
export function parseAmount(text: string, currency: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 10 ** decimalsOf(currency));
}
