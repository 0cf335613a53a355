// How a pay amount reads everywhere (validation details, the pay-bands page, the bands' diff): "115,200".
// One formatter, made on first use: the first Intl object loads ICU's locale data (10 ms and more),
// which a `jobfam validate` with nothing to format never needs.
let format: Intl.NumberFormat | null = null;

/** 115200 → "115,200"; at most two decimals. */
export const formatAmount = (n: number): string => (format ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(n);
