export interface Coverage {
  requested: number;
  pledged: number;
  delivered: number;
  remaining: number;
}

/** Widths (percent of requested, summing to at most 100) of the bar's three segments. */
export interface CoverageBar {
  delivered: number;
  pledgedNotDelivered: number;
  remaining: number;
}

const clamp = (n: number): number => Math.min(100, Math.max(0, n));

/**
 * Delivered is part of pledged (an accepted offer that arrived still counts as pledged), so the bar
 * shows delivered, then pledged but not yet delivered, then what partners may still offer.
 */
export function coverageBar(c: Coverage): CoverageBar {
  if (!(c.requested > 0)) return { delivered: 0, pledgedNotDelivered: 0, remaining: 0 };
  const delivered = clamp((Math.min(c.delivered, c.requested) / c.requested) * 100);
  const pledged = clamp(
    (Math.min(Math.max(c.pledged, c.delivered), c.requested) / c.requested) * 100,
  );
  return {
    delivered: round(delivered),
    pledgedNotDelivered: round(pledged - delivered),
    remaining: round(100 - pledged),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
