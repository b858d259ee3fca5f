import { describe, expect, it } from 'vitest';
import { fileIncidentBody } from './screens/Incidents';
import { compact, messageKey, validate, type OpenApiDocument } from './validation';

/**
 * The shape @nestjs/swagger gives the DTOs in /docs/openapi.json (components, $ref, nullable,
 * enum, and the constraints declared in @ApiProperty).
 */
const doc: OpenApiDocument = {
  components: {
    schemas: {
      LocationDto: {
        type: 'object',
        properties: {
          latitude: { type: 'number', minimum: -90, maximum: 90, example: 50.28 },
          longitude: { type: 'number', minimum: -180, maximum: 180 },
          radiusKm: { type: 'number', minimum: 0, maximum: 1000, default: 0 },
        },
        required: ['latitude', 'longitude'],
      },
      FiguresDto: {
        type: 'object',
        properties: {
          affected: { type: 'number', minimum: 0 },
          evacuated: { type: 'number', minimum: 0 },
        },
      },
      FileIncidentDto: {
        type: 'object',
        properties: {
          title: { type: 'string', minLength: 1, maxLength: 200 },
          description: { type: 'string', maxLength: 4000 },
          hazard: { type: 'string', enum: ['FL', 'EQ'] },
          region: { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' },
          location: { $ref: '#/components/schemas/LocationDto' },
          figures: { $ref: '#/components/schemas/FiguresDto' },
          severity: { type: 'string', enum: ['Extreme', 'Severe'] },
          urgency: { type: 'string', enum: ['Immediate'] },
          certainty: { type: 'string', enum: ['Observed'] },
          district: { type: 'string', nullable: true, maxLength: 150 },
        },
        required: ['title', 'hazard', 'region', 'severity', 'urgency', 'certainty'],
      },
    },
  },
};

const form = {
  title: 'Spring flood on the Ilek river',
  description: '',
  hazard: 'FL',
  region: 'KZ-15',
  district: '',
  settlement: '',
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  latitude: '50.28',
  longitude: '57.17',
  affected: '5400',
  evacuated: '2300',
};

describe('form validation against the DTO schemas', () => {
  it('accepts the flood story’s incident, as the form sends it', () => {
    const body = fileIncidentBody(form);
    expect(body).toEqual({
      title: 'Spring flood on the Ilek river',
      hazard: 'FL',
      region: 'KZ-15',
      severity: 'Severe',
      urgency: 'Immediate',
      certainty: 'Observed',
      location: { latitude: 50.28, longitude: 57.17 },
      figures: { affected: 5400, evacuated: 2300 },
    });
    expect(validate(doc, 'FileIncidentDto', body)).toEqual([]);
  });

  it('names each field that breaks a constraint, through $ref too', () => {
    const errors = validate(
      doc,
      'FileIncidentDto',
      fileIncidentBody({ ...form, title: ' ', region: 'Aktobe', latitude: '95', affected: '-1' }),
    );
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField.title?.keyword).toBe('required'); // blank is left out, and title is required
    expect(byField.region?.keyword).toBe('pattern');
    expect(byField['location.latitude']).toMatchObject({ keyword: 'maximum', limit: 90 });
    expect(byField['figures.affected']).toMatchObject({ keyword: 'minimum', limit: 0 });
  });

  it('checks lengths and enums as the server does', () => {
    const long = validate(doc, 'FileIncidentDto', {
      ...fileIncidentBody(form),
      title: 'x'.repeat(201),
      hazard: 'XX',
    });
    expect(long.find((e) => e.field === 'title')).toMatchObject({
      keyword: 'maxLength',
      limit: 200,
    });
    expect(long.find((e) => e.field === 'hazard')?.keyword).toBe('enum');
    expect(messageKey({ field: 'title', keyword: 'maxLength', limit: 200 })).toBe(
      'validation.maxLength',
    );
    expect(messageKey({ field: 'x', keyword: 'oneOf' })).toBe('validation.invalid');
    expect(messageKey({ field: 'reason', keyword: 'minLength', limit: 1 })).toBe(
      'validation.required',
    );
  });

  it('accepts null where the DTO says nullable, and drops blank fields', () => {
    expect(validate(doc, 'FileIncidentDto', { ...fileIncidentBody(form), district: null })).toEqual(
      [],
    );
    expect(compact({ a: '', b: { c: '' }, d: 0, e: [1] })).toEqual({ d: 0, e: [1] });
  });
});
