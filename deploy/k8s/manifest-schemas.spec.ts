import { join } from 'node:path';
import { schemaChecks, schemaKey } from './manifest-schemas';
import { OVERLAYS_DIRECTORY, renderKustomization, type K8sObject } from './render-overlay';

/** The checks refuse what the API server would drop: a misspelt field, built-in kind or not. */
describe('manifest schema checks', () => {
  const objects = renderKustomization(join(OVERLAYS_DIRECTORY, 'production'));
  const checks = schemaChecks();
  const check = (object: K8sObject) => checks.get(schemaKey(object))!(object);
  const rendered = (kind: string, name: string) =>
    structuredClone(objects.find((o) => o.kind === kind && o.metadata.name === name)!);
  type Pod = { containers: Record<string, unknown>[] };
  const pod = (deployment: K8sObject) =>
    (deployment.spec as { template: { spec: Pod } }).template.spec;

  it('passes the rendered objects as they are', () => {
    for (const [kind, name] of [
      ['Deployment', 'notification-service'],
      ['NetworkPolicy', 'console'],
      ['Ingress', 'console'],
      ['Cluster', 'incident-db'],
    ]) {
      expect([kind, check(rendered(kind, name))]).toEqual([kind, []]);
    }
  });

  it('refuses a misspelt field in a Deployment, deep in its pod template or at its root', () => {
    const deployment = rendered('Deployment', 'incident-service');
    const [container] = pod(deployment).containers;
    container.readinessProb = container.readinessProbe;
    delete container.readinessProbe;
    (deployment as Record<string, unknown>).specs = {};
    expect(check(deployment)).toEqual([
      '/spec/template/spec/containers/0 has a field its schema does not know (readinessProb)',
      '/ has a field its schema does not know (specs)',
    ]);
  });

  it('refuses one in a NetworkPolicy rule and an Ingress backend, keeps map keys (labels)', () => {
    const policy = rendered('NetworkPolicy', 'incident-service');
    const spec = policy.spec as { ingress: { form?: unknown; from?: unknown }[] };
    spec.ingress[0].form = spec.ingress[0].from;
    delete spec.ingress[0].from;
    policy.metadata.labels = { ...policy.metadata.labels, 'example.org/any-key': 'kept' };
    expect(check(policy)).toEqual(['/spec/ingress/0 has a field its schema does not know (form)']);
    const ingress = rendered('Ingress', 'console');
    const [rule] = (ingress.spec as { rules: { http: { paths: Record<string, unknown>[] } }[] })
      .rules;
    rule.http.paths[0].pathtype = 'Prefix';
    expect(check(ingress)).toEqual([
      '/spec/rules/0/http/paths/0 has a field its schema does not know (pathtype)',
    ]);
  });

  it("refuses one in an operator's resource (its CRD's schema, closed)", () => {
    const cluster = rendered('Cluster', 'incident-db');
    (cluster.spec as Record<string, unknown>).instance = 3;
    expect(check(cluster)).toEqual(['/spec must NOT have additional properties (instance)']);
  });
});
