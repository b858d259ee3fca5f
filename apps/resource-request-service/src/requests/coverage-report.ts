import type { Coverage } from './coverage';
import type { IncidentMode, RequestPriority, RequestScope, RequestStatus } from '@relief/contracts';

export interface CoverageLine extends Coverage {
  requestId: string;
  itemCode: string | null;
  itemName: string;
  unit: string;
  priority: RequestPriority;
  scope: RequestScope;
  status: RequestStatus;
  region: string;
  neededBy: string;
}

export interface CoverageTotal extends Coverage {
  itemCode: string | null;
  itemName: string;
  unit: string;
  requests: number;
}

export interface CoverageReport {
  incidentId: string;
  incidentReference: string;
  /** The incident's mode: a drill's report is made only when asked for, and says so. */
  mode: IncidentMode;
  generatedAt: string;
  requests: CoverageLine[];
  /** Per item and unit, over the requests that were not cancelled. */
  totals: CoverageTotal[];
}

export function buildCoverageReport(
  incident: { id: string; reference: string; mode?: IncidentMode },
  lines: CoverageLine[],
  now: Date,
): CoverageReport {
  const totals = new Map<string, CoverageTotal>();
  for (const line of lines) {
    if (line.status === 'cancelled') continue;
    const key = `${line.itemCode ?? `free:${line.itemName.toLowerCase()}`}|${line.unit}`;
    const total = totals.get(key) ?? {
      itemCode: line.itemCode,
      itemName: line.itemName,
      unit: line.unit,
      requests: 0,
      requested: 0,
      pledged: 0,
      delivered: 0,
      remaining: 0,
    };
    total.requests += 1;
    total.requested += line.requested;
    total.pledged += line.pledged;
    total.delivered += line.delivered;
    total.remaining += line.remaining;
    totals.set(key, total);
  }
  return {
    incidentId: incident.id,
    incidentReference: incident.reference,
    mode: incident.mode ?? 'actual',
    generatedAt: now.toISOString(),
    requests: lines,
    totals: [...totals.values()].sort((a, b) => a.itemName.localeCompare(b.itemName)),
  };
}

const CSV_COLUMNS: (keyof CoverageLine)[] = [
  'requestId',
  'itemCode',
  'itemName',
  'unit',
  'priority',
  'scope',
  'status',
  'region',
  'neededBy',
  'requested',
  'pledged',
  'delivered',
  'remaining',
];

/** One line per request, RFC 4180, CRLF line ends. */
export function coverageCsv(report: CoverageReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const line of report.requests) {
    lines.push(CSV_COLUMNS.map((column) => csvCell(line[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Quotes when needed; a text cell a spreadsheet would read as a formula (=, +, -, @ ...) is
 * prefixed with an apostrophe, since item names and notes are typed by people.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
