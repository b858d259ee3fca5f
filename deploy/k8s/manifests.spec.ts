import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { ALL_TOPICS, deadLetterTopic } from '@relief/contracts';
import { loadConfig } from '@relief/config';
import { APP_CONFIG_CLASSES as APPS } from '../app-config-classes';
import { schemaChecks, schemaKey } from './manifest-schemas';
import { OVERLAYS_DIRECTORY, renderKustomization, type K8sObject } from './render-overlay';

/** Settings that are secret: they come from a Secret, never as a value in a manifest. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|_KEY$|DATABASE_URL/;

const overlays = readdirSync(OVERLAYS_DIRECTORY);

type Container = {
  name: string;
  image: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: unknown };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  startupProbe?: { httpGet?: { path: string } };
  ports?: { name: string; containerPort: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
};
type PodSpec = {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; secret?: { secretName: string } }[];
};
type Deployment = K8sObject & {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};
type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string } };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { port: number; protocol: string }[] };
type NetworkPolicy = K8sObject & {
  spec: { podSelector: Selector; policyTypes: string[]; ingress?: Rule[]; egress?: Rule[] };
};

function byKind<T extends K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

function configMap(objects: K8sObject[], name: string): Record<string, string> {
  const found = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  if (!found) throw new Error(`no ConfigMap ${name}`);
  return (found as K8sObject & { data: Record<string, string> }).data;
}

/** Stands in for the files the pod mounts (the Kafka CA): the config checks they can be read. */
const MOUNTED_FILE = join(mkdtempSync(join(tmpdir(), 'relief-k8s-')), 'mounted.pem');
writeFileSync(MOUNTED_FILE, 'placeholder');

/** The environment a container starts with; Secrets and mounted files stand in as placeholders. */
function environment(objects: K8sObject[], container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, configMap(objects, from.configMapRef.name));
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value.replace(/\$\((\w+)\)/g, 'x');
    else if (e.valueFrom?.secretKeyRef) {
      env[e.name] =
        e.name === 'DATABASE_URL'
          ? `postgresql://owner:placeholder@${e.valueFrom.secretKeyRef.name}-rw:5432/db`
          : 'placeholder-secret-value';
    } else env[e.name] = 'from-the-pod';
  }
  for (const key of Object.keys(env).filter((k) => k.endsWith('_FILE'))) env[key] = MOUNTED_FILE;
  return env;
}

function selects(selector: Selector, labels: Record<string, string>): boolean {
  return (
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    (selector.matchExpressions ?? []).every((e) =>
      e.operator === 'In'
        ? (e.values ?? []).includes(labels[e.key])
        : e.operator === 'Exists' && e.key in labels,
    )
  );
}

/** Secrets made outside these manifests, each documented with placeholders there. */
function documentedSecrets(): string[] {
  const text = readFileSync(join(__dirname, 'secrets.example.yaml'), 'utf8');
  return (loadAll(text) as K8sObject[])
    .filter((o) => o?.kind === 'Secret')
    .map((o) => o.metadata.name);
}

describe.each(overlays)('deploy/k8s overlay %s', (overlay) => {
  const objects = renderKustomization(join(OVERLAYS_DIRECTORY, overlay));
  const deployments = byKind<Deployment>(objects, 'Deployment');
  const checks = schemaChecks();

  it('renders every app, and each object passes its Kubernetes or operator schema', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(Object.keys(APPS).sort());
    const problems = objects.flatMap((o) => {
      const check = checks.get(schemaKey(o));
      const where = `${o.kind} ${o.metadata.name}`;
      if (!check) return [`${where}: no schema for ${schemaKey(o)}`];
      return check(o).map((p) => `${where}: ${p}`);
    });
    expect(problems).toEqual([]);
    expect(new Set(objects.map((o) => o.metadata.namespace)).size).toBe(1);
  });

  it('names each object once per kind', () => {
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it.each(Object.keys(APPS))(
    '%s: probes on /ready and /health, requests and limits, a grace period over SHUTDOWN_TIMEOUT_MS',
    (app) => {
      const deployment = deployments.find((d) => d.metadata.name === app)!;
      const pod = deployment.spec.template.spec;
      expect(pod.containers).toHaveLength(1);
      const [container] = pod.containers;
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
      for (const bound of ['requests', 'limits'] as const) {
        expect(Object.keys(container.resources?.[bound] ?? {}).sort()).toEqual(['cpu', 'memory']);
      }
      const env = environment(objects, container);
      // /metrics (and a service's /admin/*) on the internal port alone (INTERNAL_PORT).
      expect(container.ports).toEqual([
        { name: 'http', containerPort: Number(env.PORT) },
        { name: 'internal', containerPort: Number(env.INTERNAL_PORT) },
      ]);
      const preStopSeconds = Number(container.lifecycle?.preStop?.exec?.command[1] ?? 0);
      const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      // Some margin after the drain, so the kubelet does not SIGKILL a clean stop.
      expect(graceMs).toBeGreaterThanOrEqual(
        Number(env.SHUTDOWN_TIMEOUT_MS) + preStopSeconds * 1000 + 5_000,
      );
      expect(deployment.spec.template.metadata.labels).toMatchObject(
        deployment.spec.selector.matchLabels,
      );
    },
  );

  it.each(Object.keys(APPS))('%s: its settings pass its config class at boot', (app) => {
    const [container] = deployments.find((d) => d.metadata.name === app)!.spec.template.spec
      .containers;
    const env = environment(objects, container);
    const config = loadConfig(APPS[app], env) as Record<string, unknown>;
    // loadConfig keeps only the settings the class declares: the rest would be silently unused.
    const unread = Object.keys(env).filter(
      (key) => !(key in config) && key !== 'NODE_OPTIONS' && key !== 'POD_NAME',
    );
    expect(unread).toEqual([]);
  });

  it('holds no secret value: secret settings come from Secrets made by the operators or outside', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    const made = new Set([
      ...byKind(objects, 'Cluster').map((c) => `${c.metadata.name}-app`),
      ...byKind(objects, 'KafkaUser').map((u) => u.metadata.name),
      // Strimzi's cluster CA certificate (public), for the clients' TLS.
      'relief-cluster-ca-cert',
      ...documentedSecrets(),
    ]);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const container of pod.containers) {
        for (const e of container.env ?? []) {
          if (SECRET_NAME.test(e.name)) expect([e.name, e.value]).toEqual([e.name, undefined]);
          const ref = e.valueFrom?.secretKeyRef;
          if (ref) expect([e.name, made.has(ref.name)]).toEqual([e.name, true]);
        }
        expect(container.envFrom?.filter((f) => f.secretRef)).toEqual([]);
      }
      for (const volume of pod.volumes ?? []) {
        if (volume.secret) expect(made.has(volume.secret.secretName)).toBe(true);
      }
    }
    for (const map of byKind<K8sObject & { data: Record<string, string> }>(objects, 'ConfigMap')) {
      expect(Object.keys(map.data).filter((key) => SECRET_NAME.test(key))).toEqual([]);
    }
    // The KafkaUser each app logs in as exists, and its Secret is the one the password comes from.
    for (const deployment of deployments) {
      const env = deployment.spec.template.spec.containers[0].env ?? [];
      const user = env.find((e) => e.name === 'KAFKA_SASL_USERNAME')?.value;
      const password = env.find((e) => e.name === 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef;
      expect(byKind(objects, 'KafkaUser').map((u) => u.metadata.name)).toContain(user);
      expect(password).toEqual({ name: user, key: 'password' });
    }
  });

  it('has a KafkaTopic for every platform topic and its .dlq, and no other', () => {
    const wanted = ALL_TOPICS.flatMap((t) => [t, deadLetterTopic(t)]).sort();
    const topics = byKind<K8sObject & { spec: { topicName?: string } }>(objects, 'KafkaTopic');
    expect(topics.map((t) => t.spec.topicName ?? t.metadata.name).sort()).toEqual(wanted);
    for (const topic of topics)
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe('relief');
  });

  it('runs the broker in KRaft from a node pool, and a CloudNativePG cluster per database', () => {
    const [kafka] = byKind(objects, 'Kafka');
    expect(kafka.metadata.name).toBe('relief');
    const pools = byKind<K8sObject & { spec: { roles: string[] } }>(objects, 'KafkaNodePool');
    expect(pools.flatMap((p) => p.spec.roles).sort()).toEqual(['broker', 'controller']);
    const databases = deployments.flatMap((d) =>
      (d.spec.template.spec.containers[0].env ?? [])
        .filter((e) => e.name === 'DATABASE_URL')
        .map((e) => e.valueFrom!.secretKeyRef!.name.replace(/-app$/, '')),
    );
    expect(databases).toHaveLength(4);
    expect(
      byKind(objects, 'Cluster')
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual(databases.sort());
  });

  it('backs every production database up to object storage, nightly, with credentials from a Secret', () => {
    type Credential = { name: string; key: string };
    type Cluster = K8sObject & {
      spec: {
        backup?: {
          barmanObjectStore?: {
            destinationPath: string;
            s3Credentials?: { accessKeyId: Credential; secretAccessKey: Credential };
          };
        };
      };
    };
    type ScheduledBackup = K8sObject & {
      spec: { cluster: { name: string }; schedule: string; method?: string };
    };
    const clusters = byKind<Cluster>(objects, 'Cluster');
    const scheduled = byKind<ScheduledBackup>(objects, 'ScheduledBackup');
    if (overlay !== 'production') {
      expect([clusters.filter((c) => c.spec.backup).length, scheduled.length]).toEqual([0, 0]);
      return;
    }
    for (const cluster of clusters) {
      const store = cluster.spec.backup?.barmanObjectStore;
      expect(store?.destinationPath).toMatch(/^s3:\/\//);
      const credentials = Object.values(store?.s3Credentials ?? {});
      expect(credentials).toHaveLength(2);
      for (const ref of credentials) expect(documentedSecrets()).toContain(ref.name);
      const mine = scheduled.filter((b) => b.spec.cluster.name === cluster.metadata.name);
      expect(mine.map((b) => b.spec.method)).toEqual(['barmanObjectStore']);
      // Six fields: CloudNativePG's schedule starts with the seconds.
      expect(mine[0].spec.schedule.split(' ')).toHaveLength(6);
    }
    expect(scheduled).toHaveLength(clusters.length);
  });

  it('keeps a PodDisruptionBudget, a Service and an autoscaler for every app', () => {
    const targets = [
      ...byKind<K8sObject & { spec: { scaleTargetRef: { name: string } } }>(
        objects,
        'HorizontalPodAutoscaler',
      ),
      ...byKind<K8sObject & { spec: { scaleTargetRef: { name: string } } }>(
        objects,
        'ScaledObject',
      ),
    ].map((a) => a.spec.scaleTargetRef.name);
    expect(targets.sort()).toEqual(deployments.map((d) => d.metadata.name).sort());
    for (const deployment of deployments) {
      const labels = deployment.spec.template.metadata.labels;
      const budgets = byKind<K8sObject & { spec: { selector: Selector } }>(
        objects,
        'PodDisruptionBudget',
      ).filter((p) => selects(p.spec.selector, labels));
      expect(budgets).toHaveLength(1);
      const services = byKind<K8sObject & { spec: { selector: Record<string, string> } }>(
        objects,
        'Service',
      ).filter((s) => selects({ matchLabels: s.spec.selector }, labels));
      expect(services).toHaveLength(1);
    }
  });

  it("sends the gateway's admin calls to each service's internal port, which its public port is not", () => {
    const services = byKind<
      K8sObject & { spec: { ports: { name: string; port: number; targetPort: string }[] } }
    >(objects, 'Service');
    const gateway = environment(
      objects,
      deployments.find((d) => d.metadata.name === 'console')!.spec.template.spec.containers[0],
    );
    const urls = Object.keys(gateway).filter((k) => k.endsWith('_SERVICE_URL'));
    expect(urls).toHaveLength(4);
    for (const key of urls) {
      const url = new URL(gateway[key]);
      const admin = new URL(gateway[key.replace(/_URL$/, '_ADMIN_URL')]);
      const service = services.find((s) => s.metadata.name === url.hostname)!;
      const port = (target: string) => service.spec.ports.find((p) => p.targetPort === target);
      expect([key, admin.hostname]).toEqual([key, url.hostname]);
      expect(Number(admin.port)).toBe(port('internal')?.port);
      expect(Number(url.port || 80)).toBe(port('http')?.port);
      const [container] = deployments.find((d) => d.metadata.name === url.hostname)!.spec.template
        .spec.containers;
      expect(container.ports?.find((p) => p.name === 'internal')?.containerPort).toBe(
        Number(environment(objects, container).INTERNAL_PORT),
      );
    }
  });

  it("has Prometheus scrape every app's /metrics on its internal port", () => {
    type PodMonitor = K8sObject & {
      spec: { selector: Selector; podMetricsEndpoints: { port: string; path: string }[] };
    };
    const monitors = byKind<PodMonitor>(objects, 'PodMonitor');
    const scraped = deployments.filter((d) =>
      monitors.some((m) => selects(m.spec.selector, d.spec.template.metadata.labels)),
    );
    expect(scraped.map((d) => d.metadata.name).sort()).toEqual(Object.keys(APPS).sort());
    for (const monitor of monitors) {
      expect(monitor.spec.podMetricsEndpoints).toEqual([
        expect.objectContaining({ port: 'internal', path: '/metrics' }),
      ]);
    }
  });

  it('lets the outside in through one Ingress (production), to the gateway alone', () => {
    type Ingress = K8sObject & {
      spec: {
        ingressClassName: string;
        tls: { hosts: string[]; secretName: string }[];
        rules: {
          host: string;
          http: {
            paths: {
              path: string;
              backend: { service: { name: string; port: { name: string } } };
            }[];
          };
        }[];
      };
    };
    const ingresses = byKind<Ingress>(objects, 'Ingress');
    expect(ingresses).toHaveLength(overlay === 'production' ? 1 : 0);
    // The services' public links are under the Ingress's host (through the gateway's /api/<service>).
    const publicHosts = deployments.flatMap((d) => {
      const url = environment(objects, d.spec.template.spec.containers[0]).PUBLIC_BASE_URL;
      return url ? [new URL(url).hostname] : [];
    });
    expect(publicHosts.length).toBeGreaterThan(0);
    const consoleService = byKind<K8sObject & { spec: { ports: { name: string }[] } }>(
      objects,
      'Service',
    ).find((s) => s.metadata.name === 'console')!;
    for (const ingress of ingresses) {
      const hosts = ingress.spec.rules.map((r) => r.host);
      expect(ingress.spec.tls.flatMap((t) => t.hosts)).toEqual(hosts);
      expect([...new Set(publicHosts)]).toEqual(hosts);
      expect(documentedSecrets()).toEqual(
        expect.arrayContaining(ingress.spec.tls.map((t) => t.secretName)),
      );
      const backends = ingress.spec.rules.flatMap((r) =>
        r.http.paths.map((p) => p.backend.service),
      );
      expect(backends).toEqual([{ name: 'console', port: { name: 'http' } }]);
      expect(consoleService.spec.ports.map((p) => p.name)).toContain('http');
    }
    // The ingress controller's namespace reaches the gateway's PORT and nothing else.
    const gateway = deployments.find((d) => d.metadata.name === 'console')!;
    const policies = byKind<NetworkPolicy>(objects, 'NetworkPolicy');
    const fromController = policies.flatMap((p) =>
      (p.spec.ingress ?? [])
        .filter((r) =>
          r.from?.some(
            (peer) =>
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ===
              'ingress-nginx',
          ),
        )
        .map((r) => [p.metadata.name, r.ports?.map((port) => port.port)]),
    );
    expect(fromController).toEqual([
      ['console', [Number(environment(objects, gateway.spec.template.spec.containers[0]).PORT)]],
    ]);
  });

  it('denies by default and lets each app reach only its database, Kafka, DNS and its providers', () => {
    const policies = byKind<NetworkPolicy>(objects, 'NetworkPolicy');
    const denyAll = policies.find((p) => p.metadata.name === 'default-deny')!;
    expect(denyAll.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const dns = policies.find((p) => p.metadata.name === 'allow-dns')!;
    expect(dns.spec.egress?.flatMap((r) => r.ports?.map((p) => p.port))).toEqual([53, 53]);

    const consoleLabels = deployments.find((d) => d.metadata.name === 'console')!.spec.template
      .metadata.labels;
    for (const deployment of deployments) {
      const app = deployment.metadata.name;
      const labels = deployment.spec.template.metadata.labels;
      const own = policies.filter(
        (p) => p.metadata.name !== 'default-deny' && p.metadata.name !== 'allow-dns',
      );
      const mine = own.filter((p) => selects(p.spec.podSelector, labels));
      expect(mine.map((p) => p.metadata.name)).toEqual([app]);
      const [policy] = mine;
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);

      const egress = policy.spec.egress ?? [];
      const peers = egress.flatMap((r) => r.to ?? []);
      const databases = peers
        .map((p) => p.podSelector?.matchLabels?.['cnpg.io/cluster'])
        .filter(Boolean);
      const dbSecret = deployment.spec.template.spec.containers[0].env?.find(
        (e) => e.name === 'DATABASE_URL',
      )?.valueFrom?.secretKeyRef?.name;
      expect(databases).toEqual(dbSecret ? [dbSecret.replace(/-app$/, '')] : []);
      expect(
        peers.some((p) => p.podSelector?.matchLabels?.['strimzi.io/cluster'] === 'relief'),
      ).toBe(true);
      // Nothing open-ended: every rule names its ports.
      expect(egress.every((r) => (r.ports ?? []).length > 0)).toBe(true);
      const outsidePorts = egress
        .filter((r) => r.to?.some((p) => p.ipBlock))
        .flatMap((r) => r.ports!.map((p) => p.port))
        .sort((a, b) => a - b);
      // The identity provider's JWKS (443) for all; SMTP and SMPP for the notification service.
      expect(outsidePorts).toEqual(
        app === 'notification-service' ? [25, 443, 465, 587, 2775] : [443],
      );
      const env = environment(objects, deployment.spec.template.spec.containers[0]);
      const reaching = (port: number) =>
        (policy.spec.ingress ?? [])
          .filter((r) => r.ports?.some((p) => p.port === port))
          .flatMap((r) => r.from ?? []);
      const prometheus = {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      };
      // The gateway's internal port (its /metrics): Prometheus alone.
      if (app === 'console') expect(reaching(Number(env.INTERNAL_PORT))).toEqual([prometheus]);
      if (app !== 'console') {
        const fromConsole = (peer: Peer) =>
          !peer.namespaceSelector && !!peer.podSelector && selects(peer.podSelector, consoleLabels);
        expect(reaching(Number(env.PORT)).some(fromConsole)).toBe(true);
        // The internal port (/metrics, /admin/*): the gateway and Prometheus, nobody else.
        expect(reaching(Number(env.INTERNAL_PORT))).toEqual([
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'console' } } },
          prometheus,
        ]);
        const consoleEgress = policies
          .find((p) => p.metadata.name === 'console')!
          .spec.egress?.filter((r) =>
            r.to?.some((p) => p.podSelector && selects(p.podSelector, labels)),
          )
          .flatMap((r) => r.ports!.map((p) => p.port));
        expect(consoleEgress).toEqual(
          expect.arrayContaining([Number(env.PORT), Number(env.INTERNAL_PORT)]),
        );
      }
      // The database takes connections from this app only.
      if (dbSecret) {
        const db = dbSecret.replace(/-app$/, '');
        const dbPolicy = own.find(
          (p) => p.spec.podSelector.matchLabels?.['cnpg.io/cluster'] === db,
        )!;
        const from = (dbPolicy.spec.ingress ?? []).flatMap((r) => r.from ?? []);
        expect(from.map((p) => p.podSelector?.matchLabels)).toEqual([
          { 'app.kubernetes.io/name': app },
        ]);
      }
    }
  });
});

/**
 * Where kubectl with kustomize v5 is installed, it renders the overlays too, and to the same
 * objects as render-overlay.ts. CI's plain Debian has none: then this says so and checks nothing.
 */
describe('render-overlay.ts against kubectl kustomize', () => {
  const kubectl = (() => {
    try {
      const version = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
      return /Kustomize Version: v5/.test(version) ? version : undefined;
    } catch {
      return undefined;
    }
  })();

  it.each(overlays)('%s renders alike', (overlay) => {
    if (!kubectl) {
      console.log('kubectl with kustomize v5 is not installed: only render-overlay.ts renders');
      return;
    }
    const directory = join(OVERLAYS_DIRECTORY, overlay);
    const theirs = loadAll(
      execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8' }),
    ) as K8sObject[];
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    const sorted = (list: K8sObject[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(renderKustomization(directory))).toEqual(sorted(theirs));
  });
});
