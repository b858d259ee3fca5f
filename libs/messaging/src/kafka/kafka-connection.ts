import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecurity } from '../messaging.options';

/**
 * The one place that turns the platform's Kafka security settings into kafkajs' `ssl` and
 * `sasl`: every client this library creates (producer, consumers, admin, readiness probe, event
 * tap) spreads it into its config.
 */
export function kafkaConnection(security: KafkaSecurity = {}): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { tls, sasl } = security;
  return {
    // `true`: TLS checked against Node's CA bundle; a `ca` replaces that bundle (a private CA).
    ...(tls ? { ssl: tls.ca || tls.cert ? { ...tls } : true } : {}),
    // kafkajs types each mechanism apart; a union-typed mechanism needs this one cast.
    ...(sasl ? { sasl: { ...sasl } as SASLOptions } : {}),
  };
}

/** Node's codes for a certificate chain that does not lead to a CA the client trusts. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/**
 * A Kafka error in words an operator can act on. A broker that wants SASL or TLS from a client
 * offering neither just closes the connection, which kafkajs reports as "Closed connection"; a
 * broker whose certificate a private CA signed fails TLS with an OpenSSL code.
 */
export function describeKafkaError(error: unknown, security: KafkaSecurity = {}): string {
  const message = error instanceof Error ? error.message : String(error);
  const chain = causes(error);
  if (chain.some((e) => UNTRUSTED_CERTIFICATE.has(String((e as { code?: unknown }).code)))) {
    return (
      `${message}: the broker's certificate is not signed by a CA this client trusts; ` +
      `KAFKA_SSL_CA_FILE names the CA that signs it`
    );
  }
  if (!chain.some((e) => e.name === 'KafkaJSConnectionClosedError')) return message;
  const missing = [
    ...(security.sasl ? [] : ['SASL credentials (KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME ...)']),
    ...(security.tls ? [] : ['TLS (KAFKA_SSL)']),
  ];
  return missing.length === 0
    ? message
    : `${message}: the broker closed the connection; it may require ${missing.join(' or ')}`;
}

function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}
