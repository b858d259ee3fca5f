import * as kafkajs from 'kafkajs';
import { describeKafkaError, kafkaConnection } from './kafka-connection';

// kafkajs has this class at run time but leaves it out of its type declarations.
const { KafkaJSConnectionClosedError } = kafkajs as unknown as {
  KafkaJSConnectionClosedError: new (message: string, broker: object) => Error;
};
const { KafkaJSNumberOfRetriesExceeded } = kafkajs;

const sasl = { mechanism: 'scram-sha-512', username: 'u', password: 'p' } as const;

describe('kafkaConnection', () => {
  it('adds nothing for an unsecured broker', () => {
    expect(kafkaConnection({})).toEqual({});
  });

  it('uses Node CA bundle for TLS without a CA of its own, the given PEMs otherwise', () => {
    expect(kafkaConnection({ tls: {} })).toEqual({ ssl: true });
    expect(kafkaConnection({ tls: { ca: 'CA' }, sasl })).toEqual({ ssl: { ca: 'CA' }, sasl });
  });
});

describe('describeKafkaError', () => {
  const closed = new KafkaJSNumberOfRetriesExceeded(
    new KafkaJSConnectionClosedError('Closed connection', { host: '127.0.0.1', port: 9094 }),
    { retryCount: 5, retryTime: 3000 },
  );

  it('says what a broker that closed the connection may want', () => {
    expect(describeKafkaError(closed, {})).toBe(
      'Closed connection: the broker closed the connection; it may require SASL credentials ' +
        '(KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME ...) or TLS (KAFKA_SSL)',
    );
    expect(describeKafkaError(closed, { sasl })).toMatch(/it may require TLS \(KAFKA_SSL\)$/);
    expect(describeKafkaError(closed, { sasl, tls: {} })).toBe('Closed connection');
  });

  it('says which setting names the CA when the broker certificate is not trusted', () => {
    const untrusted = new kafkajs.KafkaJSConnectionError(
      'Connection error: unable to verify the first certificate',
      { broker: '127.0.0.1:9094', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
    );
    expect(
      describeKafkaError(
        new KafkaJSNumberOfRetriesExceeded(untrusted, { retryCount: 5, retryTime: 3000 }),
        { tls: {} },
      ),
    ).toBe(
      "Connection error: unable to verify the first certificate: the broker's certificate is " +
        'not signed by a CA this client trusts; KAFKA_SSL_CA_FILE names the CA that signs it',
    );
  });

  it('leaves other errors as they are', () => {
    expect(describeKafkaError(new Error('SASL SCRAM SHA512 authentication failed'), {})).toBe(
      'SASL SCRAM SHA512 authentication failed',
    );
  });
});
