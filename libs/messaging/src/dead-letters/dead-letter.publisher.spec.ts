import { type KafkaMessage, type Message, type ProducerRecord } from 'kafkajs';
import { type KafkaClient } from '../kafka/kafka-client.service';
import { resolveMessagingOptions } from '../messaging.options';
import { DlqHeaders } from './dead-letter.headers';
import { DeadLetterPublisher, isTooLarge, TRUNCATED_VALUE_BYTES } from './dead-letter.publisher';

/** What kafkajs throws when the broker refuses a message (error code 10). */
function messageTooLarge(): Error {
  return Object.assign(
    new Error(
      'The request included a message larger than the max message size the server will accept',
    ),
    { name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE', retriable: false },
  );
}

const size = (m: Message) =>
  ((m.value as Buffer | null)?.length ?? 0) +
  Object.entries(m.headers ?? {}).reduce((sum, [k, v]) => sum + k.length + String(v).length, 0);

/** A broker that takes messages up to `limit` bytes (value plus headers). */
function brokerWithLimit(limit: number, failFirst?: Error) {
  const sent: ProducerRecord[] = [];
  let failure = failFirst;
  const producer = {
    send: (record: ProducerRecord) => {
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (record.messages.some((m) => size(m) > limit)) return Promise.reject(messageTooLarge());
      sent.push(record);
      return Promise.resolve([]);
    },
  };
  const kafka = {
    ensureTopics: () => Promise.resolve(),
    connectedProducer: () => Promise.resolve(producer),
  } as unknown as KafkaClient;
  return { kafka, sent };
}

const options = resolveMessagingOptions({
  serviceName: 'test-service',
  brokers: ['127.0.0.1:9092'],
  clientId: 'test-service',
  topicPrefix: 'p.',
});

function message(valueBytes: number, headers: KafkaMessage['headers'] = {}): KafkaMessage {
  return {
    key: Buffer.from('k-1'),
    value: Buffer.alloc(valueBytes, 0x78),
    headers,
    offset: '7',
    timestamp: '0',
    attributes: 0,
  };
}

describe('DeadLetterPublisher', () => {
  it('keeps the whole message with the reason headers when the broker takes it', async () => {
    const { kafka, sent } = brokerWithLimit(1_000_000);
    await new DeadLetterPublisher(options, kafka).publish({
      topic: 'incident.events',
      partition: 2,
      message: message(300 * 1024, { 'event-id': 'e-1' }),
      reason: 'too-large',
      error: '307200 bytes, the limit is 262144',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0].topic).toBe('p.incident.events.dlq');
    const [letter] = sent[0].messages;
    expect((letter.value as Buffer).length).toBe(300 * 1024);
    expect(letter.headers).toMatchObject({
      'event-id': 'e-1',
      [DlqHeaders.reason]: 'too-large',
      [DlqHeaders.originalTopic]: 'p.incident.events',
      [DlqHeaders.originalPartition]: '2',
      [DlqHeaders.originalOffset]: '7',
    });
    expect(letter.headers?.[DlqHeaders.valueTruncated]).toBeUndefined();
  });

  it('keeps the beginning of a message that fits the broker only without the dead-letter headers', async () => {
    const limit = 1_048_588;
    const { kafka, sent } = brokerWithLimit(limit);
    await new DeadLetterPublisher(options, kafka).publish({
      topic: 'offer.events',
      partition: 0,
      message: message(limit - 100, { 'poison-kind': 'at-broker-limit' }),
      reason: 'too-large',
      error: 'too large',
    });
    expect(sent).toHaveLength(1);
    const [letter] = sent[0].messages;
    expect((letter.value as Buffer).length).toBe(TRUNCATED_VALUE_BYTES);
    expect(letter.key).toEqual(Buffer.from('k-1'));
    expect(letter.headers).toMatchObject({
      'poison-kind': 'at-broker-limit',
      [DlqHeaders.reason]: 'too-large',
      [DlqHeaders.valueTruncated]: String(limit - 100),
    });
  });

  it('leaves out original headers too when they are what is too big', async () => {
    const { kafka, sent } = brokerWithLimit(100_000);
    await new DeadLetterPublisher(options, kafka).publish({
      topic: 'offer.events',
      partition: 0,
      message: message(10, { huge: 'h'.repeat(99_990) }),
      reason: 'malformed-json',
      error: 'Unexpected end of JSON input',
    });
    const [letter] = sent[0].messages;
    expect(letter.headers?.huge).toBeUndefined();
    expect(letter.headers).toMatchObject({
      [DlqHeaders.reason]: 'malformed-json',
      [DlqHeaders.valueTruncated]: '10',
      [DlqHeaders.headersDropped]: '1',
    });
  });

  it('lets any other failure through, so the consumer retries and keeps the offset', async () => {
    const down = Object.assign(new Error('Connection error: connect ECONNREFUSED'), {
      name: 'KafkaJSConnectionError',
    });
    const { kafka, sent } = brokerWithLimit(1_000_000, down);
    await expect(
      new DeadLetterPublisher(options, kafka).publish({
        topic: 'offer.events',
        partition: 0,
        message: message(10),
        reason: 'malformed-json',
        error: 'x',
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(sent).toHaveLength(0);
  });

  it('recognises the broker refusing a message as too large, also when wrapped', () => {
    expect(isTooLarge(messageTooLarge())).toBe(true);
    expect(
      isTooLarge(
        Object.assign(new Error('retries exceeded'), { originalError: messageTooLarge() }),
      ),
    ).toBe(true);
    expect(isTooLarge(new Error('Connection error'))).toBe(false);
  });
});
