/**
 * Writes src/generated/vocabulary.json from the platform's own words: the region names of
 * @relief/contracts and the notification templates' words for hazards, catalogue items, units,
 * severities, urgencies and incident statuses (read through their `localize`), so the console says
 * what the emails and SMS say, and the catalogue's event types (the audit history words each). Run by `npm run build:console-web` (and committed, so a type-check
 * needs no build). The catalogue's English names are those of resource-request-service's seed.
 */
// @relief/contracts' event classes carry class-transformer decorators, which need it loaded.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CERTAINTIES,
  EventTypes,
  HAZARDS,
  INCIDENT_STATUSES,
  REGIONS,
  SEVERITIES,
  URGENCIES,
} from '@relief/contracts';
import { localize } from '../../../notification-service/src/templates/vocabulary';

const LANGUAGES = ['kk', 'ru', 'en'] as const;
type Lang = (typeof LANGUAGES)[number];
type Words = Record<string, Record<Lang, string>>;

/** English names and units of the catalogue (resource-request-service's migration seeds them). */
const CATALOGUE: Record<string, { en: string; unit: string }> = {
  'WASH-HYGIENE-KIT': { en: 'Sanitary and hygiene kit', unit: 'kit' },
  'WASH-DRINKING-WATER': { en: 'Drinking water', unit: 'litre' },
  'WASH-JERRYCAN': { en: 'Jerrycan, 20 l', unit: 'piece' },
  'SHELTER-TENT-FAMILY': { en: 'Family tent', unit: 'piece' },
  'NFI-BLANKET': { en: 'Blanket', unit: 'piece' },
  'NFI-MATTRESS': { en: 'Mattress', unit: 'piece' },
  'NFI-KITCHEN-SET': { en: 'Kitchen set', unit: 'set' },
  'FOOD-RATION': { en: 'Food ration', unit: 'ration' },
  'FOOD-FLOUR': { en: 'Wheat flour', unit: 'tonne' },
  'AGRI-ANIMAL-FEED': { en: 'Animal feed', unit: 'tonne' },
  'HEALTH-MEDICAL-KIT': { en: 'Medical kit', unit: 'kit' },
  'EQUIP-WATER-PUMP': { en: 'Water pump', unit: 'piece' },
  'EQUIP-GENERATOR': { en: 'Power generator', unit: 'piece' },
  'FLOOD-SANDBAG': { en: 'Sandbags', unit: 'piece' },
  'RESCUE-MOTOR-BOAT': { en: 'Motor boat', unit: 'piece' },
  'RESCUE-TEAM': { en: 'Rescue team', unit: 'team' },
};
const UNITS = ['kit', 'piece', 'set', 'litre', 'ration', 'team', 'tonne'];

function wordsOf(field: string, codes: readonly string[]): Words {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      Object.fromEntries(
        LANGUAGES.map((lang) => [
          lang,
          String((localize({ [field]: code }, lang) as Record<string, unknown>)[field]),
        ]),
      ) as Record<Lang, string>,
    ]),
  );
}

const items: Words = Object.fromEntries(
  Object.entries(CATALOGUE).map(([code, { en }]) => {
    const of = (lang: Lang): string =>
      String(
        (localize({ itemCode: code, itemName: en }, lang) as Record<string, unknown>).itemName,
      );
    return [code, { kk: of('kk'), ru: of('ru'), en }];
  }),
);

const vocabulary = {
  regions: Object.fromEntries(REGIONS.map((r) => [r.code, { ...r.names, category: r.category }])),
  hazards: wordsOf('hazard', HAZARDS),
  severities: wordsOf('severity', SEVERITIES),
  urgencies: wordsOf('urgency', URGENCIES),
  certainties: Object.fromEntries(CERTAINTIES.map((c) => [c, c])),
  incidentStatuses: wordsOf('status', INCIDENT_STATUSES),
  units: wordsOf('unit', UNITS),
  items,
  catalogueUnits: Object.fromEntries(Object.entries(CATALOGUE).map(([c, v]) => [c, v.unit])),
  // The event types of the catalogue: each has words in the audit history (src/audit.ts).
  eventTypes: Object.values(EventTypes),
};

const target = join(__dirname, '..', 'src', 'generated', 'vocabulary.json');
writeFileSync(target, JSON.stringify(vocabulary, null, 2) + '\n');
console.log(`wrote ${target}`);
