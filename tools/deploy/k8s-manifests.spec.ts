import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkManifests, parseManifests, type ManifestFile } from './k8s-manifests';

const K8S_DIR = join(__dirname, '..', '..', 'deploy', 'k8s');

function realFiles(): ManifestFile[] {
  return readdirSync(K8S_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(join(K8S_DIR, f), 'utf8') }));
}

/** The real manifests with one text edit applied to one file (the edit must apply). */
function problemsAfter(file: string, from: string | RegExp, to: string): string[] {
  const files = realFiles().map((f) => {
    if (f.path !== file) return f;
    const text = f.text.replace(from, to);
    if (text === f.text) throw new Error(`edit ${String(from)} did not apply to ${file}`);
    return { ...f, text };
  });
  const parsed = parseManifests(files);
  return [...parsed.problems, ...checkManifests(parsed.manifests)];
}

function problemsOf(files: ManifestFile[]): string[] {
  const parsed = parseManifests(files);
  return [...parsed.problems, ...checkManifests(parsed.manifests)];
}

describe('deploy/k8s structural check', () => {
  it('finds nothing wrong with the manifests in the repository', () => {
    expect(problemsOf(realFiles())).toEqual([]);
  });

  it('reports YAML errors and documents without kind', () => {
    expect(problemsOf([{ path: 'a.yaml', text: 'kind: [oops\n' }])[0]).toMatch(
      /^a\.yaml#1: YAML error/,
    );
    expect(
      problemsOf([{ path: 'a.yaml', text: 'apiVersion: v1\nmetadata:\n  name: x\n' }]),
    ).toContain('a.yaml#1: needs apiVersion, kind and metadata.name');
  });

  it('requires the stable API versions', () => {
    expect(
      problemsAfter('gateway.yaml', 'apiVersion: autoscaling/v2', 'apiVersion: autoscaling/v1'),
    ).toContain(
      'gateway.yaml#5: HorizontalPodAutoscaler must be autoscaling/v2, not autoscaling/v1',
    );
  });

  it('requires every per-app object', () => {
    const problems = problemsAfter('billing.yaml', /---\napiVersion: policy\/v1[\s\S]*$/, '');
    expect(problems).toContain('app billing: missing PodDisruptionBudget billing');
  });

  it.each([
    [
      'needs readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
    ],
    [
      'needs allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: true',
    ],
    ['needs capabilities.drop: [ALL]', '                - ALL', '                - NET_RAW'],
    [
      'readinessProbe must be an httpGet on /health/ready',
      'path: /health/ready',
      'path: /health/live',
    ],
    ['needs resources.requests cpu and memory, and limits.memory', '              cpu: 100m\n', ''],
    [
      'readinessProbe must use the container port named ops',
      /(path: \/health\/ready\n\s+port: )ops/,
      '$1http',
    ],
    ['needs an emptyDir volume mounted on /tmp', 'mountPath: /tmp', 'mountPath: /scratch'],
  ])('flags a container that %s', (message, from, to) => {
    const problems = problemsAfter('reporting.yaml', from, to);
    expect(problems).toContain(`reporting.yaml#2 container reporting: ${message}`);
  });

  it('refuses an Ingress that routes more than /api, /ws and /docs (probes, /metrics)', () => {
    const problems = problemsAfter('ingress.yaml', 'path: /api\n', 'path: /\n');
    expect(problems).toContain('ingress.yaml#1: routes /; only /api, /ws, /docs, /docs-json');
  });

  it('requires a default-deny NetworkPolicy and one per app that selects its pods', () => {
    const without = problemsOf(realFiles().filter((f) => f.path !== 'network-policies.yaml'));
    expect(without).toEqual(
      expect.arrayContaining([
        'app billing: missing NetworkPolicy billing',
        'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
      ]),
    );
    const unselected = problemsAfter(
      'network-policies.yaml',
      /(name: billing\n[\s\S]*?podSelector:\n\s+matchLabels:\n\s+app\.kubernetes\.io\/name:) billing/,
      '$1 billing-v2',
    );
    expect(unselected).toContainEqual(
      expect.stringMatching(
        /^network-policies\.yaml#\d+: podSelector matches no Deployment's pods$/,
      ),
    );
  });

  it('requires runAsNonRoot on the pod or the container', () => {
    const problems = problemsAfter('telemetry.yaml', /runAsNonRoot: true/g, 'runAsNonRoot: false');
    expect(problems).toContain('telemetry.yaml#2 container telemetry: needs runAsNonRoot: true');
  });

  it('checks that selectors match the pod labels', () => {
    const problems = problemsAfter(
      'telemetry.yaml',
      '      labels:\n        app.kubernetes.io/name: telemetry',
      '      labels:\n        app.kubernetes.io/name: telemetry-v2',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'telemetry.yaml#2: spec.selector.matchLabels does not match the pod template labels',
        "telemetry.yaml#3: selector matches no Deployment's pods",
        "telemetry.yaml#6: selector matches no Deployment's pods",
      ]),
    );
  });

  it('checks secret and ingress references', () => {
    expect(problemsAfter('02-secret.yaml', '  JWT_SECRET:', '  JWT_KEY:')).toContain(
      'gateway.yaml#2 container gateway: env JWT_SECRET refers to missing Secret vantage-secrets/JWT_SECRET',
    );
    expect(
      problemsAfter(
        'ingress.yaml',
        'name: gateway\n                port',
        'name: gw\n                port',
      ),
    ).toContain('ingress.yaml#1: backend gw is not a Service port');
  });

  it('requires objects to live in a namespace defined alongside them', () => {
    expect(
      problemsAfter('01-configmap.yaml', 'namespace: vantage', 'namespace: default'),
    ).toContain(
      '01-configmap.yaml#1: ConfigMap/vantage-config must be in a Namespace defined here',
    );
  });
});
