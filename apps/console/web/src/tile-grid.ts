/**
 * A schematic "tile grid" of Kazakhstan's 2022 first-level subdivisions (ISO 3166-2:KZ): each
 * region a tile (column, row, width, height) on an 8 × 5 grid laid over longitude 46–87.5° E and
 * latitude 40.5–55.5° N, placed roughly where the region lies; the three cities of republican
 * significance are circles at their coordinates. No boundaries: no open boundary data set could be
 * bundled (see apps/console/README.md), so the map does not pretend to have them.
 */
export const FRAME = { west: 46, east: 87.5, south: 40.5, north: 55.5 };
export const GRID = { columns: 8, rows: 5 };
export const VIEW = { width: 960, height: 600 };

export interface Tile {
  code: string;
  column: number;
  row: number;
  width: number;
  height: number;
}

export const TILES: readonly Tile[] = [
  { code: 'KZ-27', column: 0, row: 1, width: 2, height: 1 }, // West Kazakhstan
  { code: 'KZ-23', column: 0, row: 2, width: 2, height: 1 }, // Atyrau
  { code: 'KZ-47', column: 0, row: 3, width: 2, height: 1 }, // Mangystau
  { code: 'KZ-15', column: 2, row: 1, width: 1, height: 2 }, // Aktobe
  { code: 'KZ-39', column: 3, row: 0, width: 1, height: 2 }, // Kostanay
  { code: 'KZ-62', column: 3, row: 2, width: 1, height: 1 }, // Ulytau
  { code: 'KZ-43', column: 2, row: 3, width: 2, height: 1 }, // Kyzylorda
  { code: 'KZ-59', column: 4, row: 0, width: 1, height: 1 }, // North Kazakhstan
  { code: 'KZ-11', column: 4, row: 1, width: 1, height: 1 }, // Akmola
  { code: 'KZ-35', column: 4, row: 2, width: 2, height: 1 }, // Karaganda
  { code: 'KZ-31', column: 4, row: 3, width: 2, height: 1 }, // Jambyl
  { code: 'KZ-61', column: 3, row: 4, width: 2, height: 1 }, // Turkistan
  { code: 'KZ-55', column: 5, row: 0, width: 1, height: 2 }, // Pavlodar
  { code: 'KZ-10', column: 6, row: 1, width: 1, height: 2 }, // Abai
  { code: 'KZ-63', column: 7, row: 1, width: 1, height: 2 }, // East Kazakhstan
  { code: 'KZ-33', column: 6, row: 3, width: 2, height: 1 }, // Jetisu
  { code: 'KZ-19', column: 5, row: 4, width: 2, height: 1 }, // Almaty Region
];

/** Cities of republican significance, at their coordinates. */
export const CITIES: readonly { code: string; latitude: number; longitude: number }[] = [
  { code: 'KZ-71', latitude: 51.17, longitude: 71.45 }, // Astana
  { code: 'KZ-75', latitude: 43.24, longitude: 76.89 }, // Almaty
  { code: 'KZ-79', latitude: 42.32, longitude: 69.6 }, // Shymkent
];

/** Equirectangular: longitude and latitude to the SVG's x and y. */
export function project(latitude: number, longitude: number): { x: number; y: number } {
  const x = ((longitude - FRAME.west) / (FRAME.east - FRAME.west)) * VIEW.width;
  const y = ((FRAME.north - latitude) / (FRAME.north - FRAME.south)) * VIEW.height;
  return { x, y };
}

export function tileBox(tile: Tile): { x: number; y: number; width: number; height: number } {
  const cw = VIEW.width / GRID.columns;
  const rh = VIEW.height / GRID.rows;
  const gap = 4;
  return {
    x: tile.column * cw + gap / 2,
    y: tile.row * rh + gap / 2,
    width: tile.width * cw - gap,
    height: tile.height * rh - gap,
  };
}
