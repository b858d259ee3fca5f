import { Body, Controller, Get, Post, type INestApplication } from '@nestjs/common';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DomainException } from './domain.exception';
import {
  IdParam,
  IfMatchVersion,
  VersionedCreate,
  VersionedRead,
  VersionedWrite,
} from './endpoint.decorators';
import { ProblemDetailsFilter } from './problem-details.filter';

class ThingView {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
}

const ID = '0b9b6c1e-5f3a-4c1e-9d55-2f1f3b8a7c01';
/** The one thing, at version 3; a write based on another version is stale. */
let current = 3;

@Controller('things')
class ThingsController {
  @Post()
  @VersionedCreate({
    summary: 'create',
    answers: ThingView,
    location: (thing: ThingView) => `/things/${thing.id}`,
  })
  create(): ThingView {
    return { id: ID, version: 1 };
  }

  @Get(':id')
  @VersionedRead({ summary: 'read', answers: ThingView })
  read(@IdParam() id: string): ThingView {
    return { id, version: current };
  }

  @Post(':id/rename')
  @VersionedWrite({ roles: ['operator'], summary: 'rename', answers: ThingView })
  rename(
    @IdParam() id: string,
    @IfMatchVersion() basedOn: number,
    @Body() _body: object,
  ): ThingView {
    if (basedOn !== current) throw new DomainException('stale', 'stale_version', 'reload');
    current += 1;
    return { id, version: current };
  }
}

describe('endpoint decorators', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = module.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
  });

  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  it('answers a creation with 201, its ETag and Location', async () => {
    const answer = await http().post('/things').expect(201);
    expect(answer.headers.etag).toBe('"1"');
    expect(answer.headers.location).toBe(`/things/${ID}`);
  });

  it('answers a read with its ETag, and refuses an id that is no UUID naming it', async () => {
    expect((await http().get(`/things/${ID}`).expect(200)).headers.etag).toBe('"3"');
    const refused = await http().get('/things/nope').expect(400);
    expect(refused.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('refuses a write without If-Match (428), with * (400), with a stale one (412)', async () => {
    const missing = await http().post(`/things/${ID}/rename`).send({}).expect(428);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 428, code: 'if_match_required' });
    const star = await http().post(`/things/${ID}/rename`).set('If-Match', '*').expect(400);
    expect(star.body.code).toBe('invalid_if_match');
    expect(star.body.errors[0].field).toBe('If-Match');
    await http().post(`/things/${ID}/rename`).set('If-Match', '"2"').send({}).expect(412);
  });

  it('answers a write based on the current version with the new ETag', async () => {
    const version = current;
    const answer = await http()
      .post(`/things/${ID}/rename`)
      .set('If-Match', `"${version}"`)
      .send({})
      .expect(200);
    expect(answer.headers.etag).toBe(`"${version + 1}"`);
  });

  it('documents If-Match as required, and 412 and 428, on the write only', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const write = document.paths['/things/{id}/rename'].post!;
    expect(write.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
    expect(Object.keys(write.responses)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '409', '412', '428']),
    );
    const read = document.paths['/things/{id}'].get!;
    expect(read.parameters?.some((p) => 'name' in p && p.name === 'If-Match')).toBe(false);
    expect(Object.keys(read.responses)).not.toContain('428');
  });
});
