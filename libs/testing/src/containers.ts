import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Wait, getContainerRuntimeClient } from 'testcontainers';
import { freePort } from './free-ports';

export interface ContainerInfrastructure {
  adminUrl: string;
  brokers: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL 16 and Kafka 4.1.1 (KRaft) in containers. @testcontainers/kafka drives Confluent
 * images only, so apache/kafka runs as a generic container on a fixed host port that its
 * advertised listener can name.
 */
export async function startContainers(): Promise<ContainerInfrastructure> {
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const kafkaPort = await freePort();
  const [postgres, kafka] = await Promise.all([
    new PostgreSqlContainer('postgres:16')
      .withUsername('postgres')
      .withPassword('postgres')
      .start(),
    new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_NUM_PARTITIONS: '3',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
  ]);
  return {
    adminUrl: postgres.getConnectionUri(),
    brokers: `${host}:${kafkaPort}`,
    stop: async () => {
      await Promise.all([postgres.stop(), kafka.stop()]);
    },
  };
}
