import { HAZARDS, type Hazard } from '@relief/contracts';

/** CAP 1.2 <category> values. */
export type CapCategory =
  | 'Geo'
  | 'Met'
  | 'Safety'
  | 'Security'
  | 'Rescue'
  | 'Fire'
  | 'Health'
  | 'Env'
  | 'Transport'
  | 'Infra'
  | 'CBRNE'
  | 'Other';

export interface HazardInfo {
  code: Hazard;
  /** English name, used as the CAP <event>. */
  name: string;
  capCategory: CapCategory;
}

/** GLIDE hazard codes (glidenumber.net) with the CAP category public alerting systems expect. */
const HAZARD_INFO: Record<Hazard, Omit<HazardInfo, 'code'>> = {
  CW: { name: 'Cold wave', capCategory: 'Met' },
  DR: { name: 'Drought', capCategory: 'Met' },
  EC: { name: 'Extratropical cyclone', capCategory: 'Met' },
  EP: { name: 'Epidemic', capCategory: 'Health' },
  EQ: { name: 'Earthquake', capCategory: 'Geo' },
  FF: { name: 'Flash flood', capCategory: 'Met' },
  FL: { name: 'Flood', capCategory: 'Met' },
  FR: { name: 'Fire', capCategory: 'Fire' },
  HT: { name: 'Heat wave', capCategory: 'Met' },
  LS: { name: 'Landslide', capCategory: 'Geo' },
  MS: { name: 'Mudflow', capCategory: 'Geo' },
  OT: { name: 'Other hazard', capCategory: 'Other' },
  ST: { name: 'Severe local storm', capCategory: 'Met' },
  TC: { name: 'Tropical cyclone', capCategory: 'Met' },
  TS: { name: 'Tsunami', capCategory: 'Geo' },
  VO: { name: 'Volcanic eruption', capCategory: 'Geo' },
  WF: { name: 'Wildfire', capCategory: 'Fire' },
};

export function hazardInfo(code: Hazard): HazardInfo {
  return { code, ...HAZARD_INFO[code] };
}

export function allHazards(): HazardInfo[] {
  return HAZARDS.map(hazardInfo);
}
