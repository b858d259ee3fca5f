/** Units a quantity may be counted in. A free (non-catalogue) item picks one of these too. */
export const UNITS = ['kit', 'piece', 'set', 'litre', 'ration', 'team', 'tonne'] as const;
export type Unit = (typeof UNITS)[number];

export function isUnit(value: string): value is Unit {
  return (UNITS as readonly string[]).includes(value);
}

/** One entry of the reference catalogue (seeded by a migration; see database/migrations). */
export interface CatalogueItem {
  code: string;
  name: string;
  unit: Unit;
  category: string;
}
