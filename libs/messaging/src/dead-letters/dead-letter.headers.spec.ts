import { decodeHeaders, withoutDlqHeaders } from './dead-letter.headers';

describe('dead-letter headers', () => {
  it('decodes Buffers and repeated headers (the last value wins)', () => {
    expect(
      decodeHeaders({
        'event-id': Buffer.from('e1'),
        many: [Buffer.from('a'), Buffer.from('b')],
        text: 'plain',
        missing: undefined,
      }),
    ).toEqual({ 'event-id': 'e1', many: 'b', text: 'plain' });
    expect(decodeHeaders(undefined)).toEqual({});
  });

  it('drops the dead-letter headers of an earlier failure', () => {
    expect(
      withoutDlqHeaders({ 'event-id': 'e1', 'dlq-reason': 'x', 'dlq-original-offset': '3' }),
    ).toEqual({ 'event-id': 'e1' });
  });
});
