import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { formatNumber } from '../i18n';
import { SHADES, worstByRegion } from '../map-shading';
import { isDrill, modeOf } from '../mode';
import { CITIES, TILES, VIEW, project, tileBox } from '../tile-grid';
import { stockByRegion, type RegionStock } from '../stock';
import type { Incident, IncidentPage } from '../types';
import { ProblemAlert, useLanguage } from '../ui';
import {
  SEVERITY_CODES,
  hazardName,
  itemName,
  regionName,
  severityName,
  unitName,
} from '../vocabulary';
import { IncidentFilterBar, NO_FILTERS, incidentQuery, type IncidentFilters } from './Incidents';

/** A region's name on a narrow tile: the first word, then the rest ("Ақтөбе" / "облысы"). */
export function labelLines(name: string, columns: number): string[] {
  if (columns > 1) return [name];
  const words = name.split(' ');
  if (words.length < 2) return [name];
  return [words.slice(0, -1).join(' '), words[words.length - 1] ?? ''];
}

/** Every incident the filters select (pages followed, up to 500). */
async function allIncidents(filters: IncidentFilters): Promise<Incident[]> {
  const all: Incident[] = [];
  let cursor: string | undefined;
  do {
    const page = (
      await api<IncidentPage>(`/api/incident/incidents${incidentQuery(filters, cursor, 100)}`)
    ).data;
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < 500);
  return all;
}

export function MapScreen() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<IncidentFilters>(NO_FILTERS);
  const incidents = useQuery({
    queryKey: ['incidents', 'map', filters],
    queryFn: () => allIncidents(filters),
  });
  const worst = worstByRegion(incidents.data ?? []);
  // Every signed-in role may read it (an agency its own stock, the ministry all of it).
  const stock = useQuery({
    queryKey: ['stock', 'by-region'],
    queryFn: async () => (await api<RegionStock[]>('/api/offer/stock/by-region')).data,
  });
  const stocked = stockByRegion(stock.data ?? []);
  /** A square badge with the region's available stock, beside its incidents (not a shade). */
  const stockBadge = (code: string, x: number, y: number) => {
    const s = stocked.get(code);
    if (!s) return null;
    const items = s.items
      .map(
        (r) =>
          `${itemName({ code: r.itemCode, name: r.itemCode }, lang)} ${formatNumber(r.available, lang)} ${unitName(r.unit, lang)}`,
      )
      .join(', ');
    const label = t('map.stock', { region: regionName(code, lang), items });
    const text = formatNumber(s.available, lang);
    const width = 12 + text.length * 7;
    return (
      <g
        key={`stock-${code}`}
        className="stock-badge"
        role="img"
        aria-label={label}
        data-testid={`map-stock-${code}`}
        data-available={s.available}
      >
        <title>{label}</title>
        <rect x={x - width} y={y - 18} width={width} height={18} rx={2} fill="#2a6f4e" />
        <text x={x - width / 2} y={y - 5} textAnchor="middle" fill="#fff" fontSize={12}>
          {text}
        </text>
      </g>
    );
  };
  const open = (incident: Incident | undefined): void => {
    if (incident) void navigate(`/incidents/${incident.id}`);
  };
  const stateOf = (code: string): string => {
    const w = worst.get(code);
    return w
      ? t('map.worst', { reference: w.reference, severity: severityName(w.severity, lang) })
      : t('map.noIncident');
  };
  const regionProps = (code: string) => {
    const w = worst.get(code);
    const label = t('map.regionLabel', { region: regionName(code, lang), state: stateOf(code) });
    return {
      'data-testid': `map-region-${code}`,
      'data-severity': w?.severity ?? 'none',
      'data-incident': w?.id ?? '',
      role: w ? 'link' : 'img',
      tabIndex: w ? 0 : undefined,
      'aria-label': label,
      onClick: () => open(w),
      onKeyDown: (e: KeyboardEvent) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open(w);
        }
      },
      className: w ? 'region clickable' : 'region',
    };
  };
  const markers = (incidents.data ?? []).filter((i) => i.location);
  return (
    <section aria-labelledby="map-title" data-testid="map-screen">
      <h1 id="map-title">{t('map.title')}</h1>
      <IncidentFilterBar filters={filters} onChange={setFilters} label={t('map.filters')} />
      <ProblemAlert error={incidents.error} />
      <div className="map-wrap">
        <svg
          className="map"
          viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
          data-testid="situation-map"
          role="group"
          aria-label={t('map.title')}
        >
          {TILES.map((tile) => {
            const box = tileBox(tile);
            const w = worst.get(tile.code);
            return (
              <g key={tile.code} {...regionProps(tile.code)}>
                <title>
                  {t('map.regionLabel', {
                    region: regionName(tile.code, lang),
                    state: stateOf(tile.code),
                  })}
                </title>
                <rect
                  x={box.x}
                  y={box.y}
                  width={box.width}
                  height={box.height}
                  rx={6}
                  fill={SHADES[w?.severity ?? 'none']}
                />
                <text
                  x={box.x + 8}
                  y={box.y + 20}
                  className={w?.severity === 'Extreme' ? 'region-label on-dark' : 'region-label'}
                >
                  {labelLines(regionName(tile.code, lang), tile.width).map((line, n, lines) => (
                    <tspan key={n} x={box.x + 8} dy={n === 0 ? 0 : 16}>
                      {/* The trailing space keeps "Aktobe Region" one phrase for screen readers
                          (its accessible name must contain the visible text: axe-core). */}
                      {n < lines.length - 1 ? `${line} ` : line}
                    </tspan>
                  ))}
                </text>
              </g>
            );
          })}
          {CITIES.map((city) => {
            const { x, y } = project(city.latitude, city.longitude);
            const w = worst.get(city.code);
            return (
              <g key={city.code} {...regionProps(city.code)}>
                <title>
                  {t('map.regionLabel', {
                    region: regionName(city.code, lang),
                    state: stateOf(city.code),
                  })}
                </title>
                <circle
                  cx={x}
                  cy={y}
                  r={13}
                  fill={SHADES[w?.severity ?? 'none']}
                  className="city"
                />
                <text x={x + 16} y={y + 4} className="city-label">
                  {regionName(city.code, lang)}
                </text>
              </g>
            );
          })}
          <g aria-label={t('map.stockMarkers')} role="group" data-testid="map-stock">
            {TILES.map((tile) => {
              const box = tileBox(tile);
              return stockBadge(tile.code, box.x + box.width - 4, box.y + box.height - 4);
            })}
            {CITIES.map((city) => {
              const { x, y } = project(city.latitude, city.longitude);
              return stockBadge(city.code, x - 14, y + 30);
            })}
          </g>
          <g aria-label={t('map.markers')} role="group">
            {markers.map((i) => {
              const loc = i.location;
              if (!loc) return null;
              const { x, y } = project(loc.latitude, loc.longitude);
              const drill = isDrill(i);
              // A drill is named as one first, and drawn as an outline (dashed), never solid.
              const mark = drill ? `${t(`mode.label.${modeOf(i)}`)}: ` : '';
              return (
                <g
                  key={i.id}
                  role="link"
                  tabIndex={0}
                  className={drill ? 'marker drill' : 'marker'}
                  data-testid="map-marker"
                  data-incident={i.id}
                  data-reference={i.reference}
                  data-mode={modeOf(i)}
                  aria-label={`${mark}${i.reference}: ${i.title}, ${hazardName(i.hazard, lang)}, ${severityName(i.severity, lang)}`}
                  onClick={() => open(i)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      open(i);
                    }
                  }}
                >
                  <title>{`${mark}${i.reference}: ${i.title}`}</title>
                  {drill ? (
                    <path
                      d={`M ${x} ${y} l -7 -16 a 8 8 0 1 1 14 0 z`}
                      fill="#fff"
                      fillOpacity={0.85}
                      stroke="#1d3557"
                      strokeWidth={2}
                      strokeDasharray="3 2"
                    />
                  ) : (
                    <path
                      d={`M ${x} ${y} l -7 -16 a 8 8 0 1 1 14 0 z`}
                      fill="#1d3557"
                      stroke="#fff"
                      strokeWidth={1.5}
                    />
                  )}
                </g>
              );
            })}
          </g>
        </svg>
        <aside className="legend" aria-labelledby="legend-title" data-testid="map-legend">
          <h2 id="legend-title">{t('map.legend')}</h2>
          <ul>
            {SEVERITY_CODES.map((s) => (
              <li key={s}>
                <span className="swatch" style={{ background: SHADES[s] }} aria-hidden="true" />{' '}
                {severityName(s, lang)}
              </li>
            ))}
            <li>
              <span className="swatch" style={{ background: SHADES.none }} aria-hidden="true" />{' '}
              {t('map.noIncident')}
            </li>
            <li data-testid="legend-drill">
              <svg className="swatch-marker" viewBox="0 0 18 30" aria-hidden="true">
                <path
                  d="M 9 28 l -7 -16 a 8 8 0 1 1 14 0 z"
                  fill="#fff"
                  stroke="#1d3557"
                  strokeWidth={2}
                  strokeDasharray="3 2"
                />
              </svg>{' '}
              {t('map.drillMarker')}
            </li>
            <li data-testid="legend-stock">
              <span className="swatch" style={{ background: '#2a6f4e' }} aria-hidden="true" />{' '}
              {t('map.stockLegend')}
            </li>
          </ul>
          <p className="muted small" data-testid="map-schematic-note">
            {t('map.schematic')}
          </p>
        </aside>
      </div>
    </section>
  );
}
