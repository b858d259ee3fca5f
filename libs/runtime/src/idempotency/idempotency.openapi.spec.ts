import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { documentIdempotency } from './idempotency.openapi';

describe('documentIdempotency', () => {
  const document = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/offers': {
        get: { responses: { '200': { description: 'the offers' } } },
        post: {
          responses: {
            '201': { description: 'with its ETag' },
            '409': { description: 'the request is closed' },
          },
        },
      },
    },
  });

  it('gives every POST the optional header, the replay header and the 409 and 422 answers', () => {
    const post = documentIdempotency(document()).paths['/offers'].post!;
    expect(post.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    ]);
    expect(post.responses['201']).toMatchObject({
      headers: { 'Idempotent-Replayed': expect.any(Object) },
    });
    const described = (status: string) => (post.responses[status] as ResponseObject).description;
    expect(described('409')).toMatch(/^the request is closed; or `idempotency_key_in_progress`/);
    expect(described('422')).toContain('idempotency_key_reused');
  });

  it('leaves other methods alone and adds the header once', () => {
    const twice = documentIdempotency(documentIdempotency(document()));
    expect(twice.paths['/offers'].get!.parameters).toBeUndefined();
    expect(twice.paths['/offers'].post!.parameters).toHaveLength(1);
  });
});
