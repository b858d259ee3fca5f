/**
 * Steps 2 and 3 of the flood scenario: operators file the spring floods in three regions and
 * keep them current (status, situation reports, severity), each write with If-Match.
 */
import { ACTORS } from './flood-scenario.cast';
import { type IncidentKey, type ScenarioRun } from './flood-scenario.run';

async function fileIncident(
  run: ScenarioRun,
  key: IncidentKey,
  body: Record<string, unknown>,
): Promise<void> {
  const answer = await run.http.expect(
    201,
    ACTORS.operator,
    'POST',
    `${run.urls.incidents}/incidents`,
    body,
  );
  run.incidents[key] = { id: answer.body.id, reference: answer.body.reference };
  run.incidentVersions.set(answer.body.id, answer.etag ?? `"${answer.body.version}"`);
  const f = answer.body.figures;
  run.report.say(
    `${answer.body.reference}  ${answer.body.title} (${answer.body.region}), ${answer.body.severity}; ` +
      `${f.affected} affected, ${f.evacuated} evacuated`,
  );
}

export async function fileIncidents(run: ScenarioRun): Promise<void> {
  await fileIncident(run, 'aktobe', {
    title: 'Spring flood on the Ilek river',
    description: 'Snowmelt and ice jams; the Kargaly reservoir is overflowing.',
    hazard: 'FL',
    region: 'KZ-15',
    district: 'Kargaly district',
    settlement: 'Badamsha',
    location: { latitude: 50.2839, longitude: 57.167, radiusKm: 40 },
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    figures: { affected: 5400, evacuated: 2300 },
  });
  await fileIncident(run, 'west', {
    title: 'Zhaiyk (Ural) river rising at Uralsk',
    hazard: 'FL',
    region: 'KZ-27',
    settlement: 'Uralsk',
    severity: 'Moderate',
    urgency: 'Expected',
    certainty: 'Likely',
    figures: { affected: 1200, evacuated: 300 },
  });
  await fileIncident(run, 'north', {
    title: 'Esil river flood in Petropavlovsk',
    hazard: 'FL',
    region: 'KZ-59',
    settlement: 'Petropavlovsk',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    figures: { affected: 3100, evacuated: 1400 },
  });
}

/** A write on an incident, with If-Match; keeps the new ETag. */
async function incidentWrite(
  run: ScenarioRun,
  key: IncidentKey,
  method: string,
  path: string,
  body: unknown,
  status = 200,
) {
  const { id } = run.incidents[key];
  const answer = await run.http.expect(
    status,
    ACTORS.operator,
    method,
    `${run.urls.incidents}/incidents/${id}${path}`,
    body,
    { 'If-Match': run.incidentVersions.get(id)! },
  );
  if (answer.etag) run.incidentVersions.set(id, answer.etag);
  return answer;
}

export async function setStatus(
  run: ScenarioRun,
  key: IncidentKey,
  status: string,
  reason?: string,
): Promise<void> {
  await incidentWrite(run, key, 'POST', '/status', { status, ...(reason ? { reason } : {}) });
  run.report.say(`${run.incidents[key].reference} is now ${status}${reason ? ` (${reason})` : ''}`);
}

export async function situationUpdate(
  run: ScenarioRun,
  key: IncidentKey,
  text: string,
  figures: Record<string, number>,
): Promise<void> {
  await incidentWrite(run, key, 'POST', '/situation-updates', { text, figures }, 201);
  const shown = Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  run.report.say(`${run.incidents[key].reference} situation report: ${text} (${shown})`);
}

export async function updateIncidents(run: ScenarioRun): Promise<void> {
  await setStatus(run, 'aktobe', 'active');
  await situationUpdate(
    run,
    'aktobe',
    'Kargaly reservoir dam breached; evacuation of Kargaly and Alga districts continues.',
    { affected: 8200, evacuated: 4100, homesDamaged: 1350 },
  );
  await incidentWrite(run, 'aktobe', 'PATCH', '', { severity: 'Extreme' });
  run.report.say(`${run.incidents.aktobe.reference} severity raised: Severe -> Extreme`);
  await setStatus(run, 'west', 'active');
  await situationUpdate(
    run,
    'west',
    'Water at 8.2 m at the Uralsk gauge; dykes are being reinforced.',
    { affected: 2600, evacuated: 950, homesDamaged: 210 },
  );
  await setStatus(run, 'north', 'active');
}
