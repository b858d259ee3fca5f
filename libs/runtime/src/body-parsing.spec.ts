import { gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  bodyReadProblem,
  carriesBody,
  depthProblem,
  installBodyParsing,
  jsonDepth,
  MAX_BODY_BYTES,
  MAX_BODY_DEPTH,
} from './body-parsing';

describe('jsonDepth', () => {
  it.each([
    [undefined, 0],
    [null, 0],
    ['text', 0],
    [42, 0],
    [{}, 1],
    [[], 1],
    [{ a: 1, b: 'x' }, 1],
    [{ a: { b: [1] } }, 3],
    [[{ a: [] }, 1], 3],
    [{ figures: { affected: 1 }, location: { latitude: 1 } }, 2],
  ])('%j nests %i deep', (value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('measures a body far deeper than the stack allows, and stops past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(jsonDepth(deep)).toBe(200_000);
    expect(jsonDepth(deep, MAX_BODY_DEPTH)).toBe(MAX_BODY_DEPTH + 1);
  });

  it('counts own keys that look like prototype keys', () => {
    const body = JSON.parse('{"__proto__":{"a":{"b":1}}}') as unknown;
    expect(jsonDepth(body)).toBe(3);
  });
});

describe('depthProblem', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i += 1) value = { a: value };
    return value;
  };

  it('lets a body as deep as the limit through', () => {
    expect(depthProblem(nest(MAX_BODY_DEPTH))).toBeUndefined();
    expect(depthProblem({ title: 'x', location: { latitude: 1 } })).toBeUndefined();
  });

  it('names the top-level field that nests too deep', () => {
    expect(depthProblem({ title: 'x', item: nest(MAX_BODY_DEPTH) })).toEqual({ field: 'item' });
    expect(depthProblem(JSON.parse(`{"__proto__":${JSON.stringify(nest(40))}}`))).toEqual({
      field: '__proto__',
    });
  });

  it('names no field for an array body', () => {
    expect(depthProblem([nest(MAX_BODY_DEPTH)])).toEqual({});
  });
});

describe('carriesBody', () => {
  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '2' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
    [{ 'content-type': 'text/plain' }, false],
  ])('%j: %s', (headers, expected) => {
    expect(carriesBody(headers)).toBe(expected);
  });
});

describe('bodies declared in a Content-Encoding', () => {
  // The body parsing of a service on a bare Express app, echoing what it parsed.
  const app = express();
  installBodyParsing(app as unknown as NestExpressApplication);
  app.post('/echo', (req, res) => {
    res.json({ body: req.body as unknown });
  });
  const post = (encoding: string, body: Buffer | string) =>
    request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      // superagent would write a Buffer as JSON ({"type":"Buffer",...}) under a JSON type.
      .serialize((raw: Buffer | string) => raw as string)
      .send(body);

  it.each(['gzip', 'deflate', 'br', 'GZIP'])(
    'refuses a body that is not %s with 400 undecodable_body',
    async (encoding) => {
      const response = await post(encoding, '{"title":"x"}');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'undecodable_body' });
    },
  );

  it('refuses a truncated gzip body the same way', async () => {
    const response = await post('gzip', gzipSync('{"title":"x"}').subarray(0, 12));
    expect(response.body).toMatchObject({ status: 400, code: 'undecodable_body' });
  });

  it.each(['x-unknown', 'gzip, gzip', 'compress'])(
    'refuses Content-Encoding %s with 415 unsupported_content_encoding',
    async (encoding) => {
      const response = await post(encoding, '{"title":"x"}');
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ status: 415, code: 'unsupported_content_encoding' });
    },
  );

  it('takes a real gzip body, and applies the limit to what it inflates to (no bomb)', async () => {
    const ok = await post('gzip', gzipSync('{"title":"x"}'));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ body: { title: 'x' } });
    const bomb = gzipSync(`{"a":"${'x'.repeat(MAX_BODY_BYTES * 16)}"}`);
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES / 8);
    const refused = await post('gzip', bomb);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ code: 'body_too_large' });
  });

  it('maps body-parser errors it does not name to a 4xx', () => {
    expect(bodyReadProblem({ type: 'request.aborted', status: 400 })).toMatchObject({
      status: 400,
      code: 'unreadable_body',
    });
    expect(bodyReadProblem({ type: 'stream.encoding.set', status: 500 }).status).toBe(400);
  });
});

describe('bodies with __proto__, constructor or prototype keys', () => {
  const app = express();
  installBodyParsing(app as unknown as NestExpressApplication);
  app.post('/echo', (req, res) => {
    res.json({ body: req.body as unknown });
  });

  it.each([
    ['{"title":"x","__proto__":{"polluted":true}}', ['__proto__']],
    ['{"title":"x","figures":{"__proto__":{}}}', ['figures.__proto__']],
    ['{"constructor":{"prototype":{"polluted":true}}}', ['constructor', 'constructor.prototype']],
    ['{"items":[{"prototype":1}]}', ['items.0.prototype']],
  ])('refuses %s like an unknown key, naming %j', async (json, fields) => {
    const response = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send(json);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((response.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(
      fields,
    );
  });

  it('lets the words through as values', async () => {
    const response = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('{"title":"constructor","note":"__proto__"}');
    expect(response.status).toBe(200);
  });
});

describe('bulk endpoints (@BulkBody): their own types and limit', () => {
  const app = express();
  installBodyParsing(app as unknown as NestExpressApplication, [
    { method: 'POST', path: '/import', types: ['text/csv', 'application/json'], maxBytes: 1 << 20 },
  ]);
  const echo = (req: express.Request, res: express.Response) => {
    res.json({ body: req.body as unknown });
  };
  app.post('/import', echo);
  app.post('/echo', echo);
  const post = (path: string, type: string, body: string) =>
    request(app).post(path).set('Content-Type', type).send(body);

  it('reads CSV as text and JSON beyond MAX_BODY_BYTES, there only', async () => {
    const csv = await post('/import', 'text/csv; charset=utf-8', 'name\nAigerim\n');
    expect(csv.body).toEqual({ body: 'name\nAigerim\n' });
    const big = JSON.stringify({ rows: 'x'.repeat(MAX_BODY_BYTES * 2) });
    expect((await post('/import/', 'application/json', big)).status).toBe(200);
    expect((await post('/echo', 'application/json', big)).status).toBe(413);
    expect((await post('/echo', 'text/csv', 'name\n')).status).toBe(415);
  });

  it('refuses other types with 415 naming those it takes, and bodies over its limit', async () => {
    const xml = await post('/import', 'application/xml', '<a/>');
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ code: 'unsupported_media_type' });
    expect((xml.body as { detail: string }).detail).toContain('text/csv, application/json');
    const huge = await post('/import', 'text/csv', 'x'.repeat((1 << 20) + 1));
    expect(huge.status).toBe(413);
    expect((huge.body as { detail: string }).detail).toContain(String(1 << 20));
  });

  it('still refuses a JSON array or prototype keys there', async () => {
    expect((await post('/import', 'application/json', '[{}]')).status).toBe(400);
    expect((await post('/import', 'application/json', '{"__proto__":{}}')).status).toBe(400);
  });
});
