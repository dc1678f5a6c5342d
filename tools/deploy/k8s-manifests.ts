import { parseAllDocuments } from 'yaml';

/**
 * Offline structural check of deploy/k8s. `kubectl apply --dry-run=client` still asks a server
 * for its API groups, so CI (no cluster) cannot run it; this checks what review would: every
 * app has its objects, pods meet the security baseline, and every reference resolves.
 */

export const VANTAGE_APPS = [
  'gateway',
  'traffic-monitor',
  'telemetry',
  'billing',
  'reporting',
] as const;

/** The API version each kind we deploy must use (the stable ones). */
const API_VERSIONS: Readonly<Record<string, string>> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  ServiceAccount: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
};

/** Objects every app must have, all named after the app. */
export const PER_APP_KINDS = [
  'ServiceAccount',
  'Deployment',
  'Service',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
] as const;

type Obj = Record<string, unknown>;

export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

export interface Manifest {
  /** `file#n`, for messages. */
  readonly where: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly body: Obj;
}

export interface ParseResult {
  readonly manifests: Manifest[];
  readonly problems: string[];
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Parses every YAML document of every file; empty documents (a trailing `---`) are skipped. */
export function parseManifests(files: readonly ManifestFile[]): ParseResult {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const file of files) {
    parseAllDocuments(file.text).forEach((doc, index) => {
      const where = `${file.path}#${index + 1}`;
      if (doc.errors.length > 0) {
        problems.push(`${where}: YAML error: ${doc.errors[0].message}`);
        return;
      }
      const body: unknown = doc.toJSON();
      if (body === null || body === undefined) return;
      if (!isObj(body)) {
        problems.push(`${where}: not a mapping`);
        return;
      }
      const kind = str(body['kind']);
      const apiVersion = str(body['apiVersion']);
      const metadata = obj(body['metadata']);
      const name = str(metadata['name']);
      if (!kind || !apiVersion || !name) {
        problems.push(`${where}: needs apiVersion, kind and metadata.name`);
        return;
      }
      const expected = API_VERSIONS[kind];
      if (expected === undefined) problems.push(`${where}: unexpected kind ${kind}`);
      else if (apiVersion !== expected)
        problems.push(`${where}: ${kind} must be ${expected}, not ${apiVersion}`);
      manifests.push({ where, kind, name, namespace: str(metadata['namespace']), body });
    });
  }
  return { manifests, problems };
}

/** True when every selector label is on the pod (an empty selector selects nothing here). */
function selects(selector: Obj, podLabels: Obj): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => podLabels[key] === value);
}

class Index {
  private readonly byKey = new Map<string, Manifest>();

  constructor(
    manifests: readonly Manifest[],
    private readonly problems: string[],
  ) {
    for (const m of manifests) {
      const key = `${m.kind}/${m.name}`;
      if (this.byKey.has(key)) problems.push(`${m.where}: duplicate ${key}`);
      this.byKey.set(key, m);
    }
  }

  get(kind: string, name: string): Manifest | undefined {
    return this.byKey.get(`${kind}/${name}`);
  }

  all(kind: string): Manifest[] {
    return [...this.byKey.values()].filter((m) => m.kind === kind);
  }

  report(problem: string): void {
    this.problems.push(problem);
  }
}

function podTemplate(deployment: Manifest): { labels: Obj; spec: Obj } {
  const template = obj(obj(deployment.body['spec'])['template']);
  return { labels: obj(obj(template['metadata'])['labels']), spec: obj(template['spec']) };
}

function checkProbe(where: string, container: Obj, probe: string, path: string, idx: Index): void {
  const httpGet = obj(obj(container[probe])['httpGet']);
  if (httpGet['path'] !== path) {
    idx.report(`${where}: ${probe} must be an httpGet on ${path}`);
    return;
  }
  const port = httpGet['port'];
  const ports = list(container['ports']);
  if (!ports.some((p) => p['name'] === port || p['containerPort'] === port))
    idx.report(`${where}: ${probe} port ${String(port)} is not a container port`);
  // The apps answer probes on OPS_HTTP_PORT only; the public port says 404.
  else if (port !== 'ops') idx.report(`${where}: ${probe} must use the container port named ops`);
}

/** What the Ingress may route: the API, the WebSocket and the API documents, nothing else. */
const PUBLIC_PATHS = new Set(['/api', '/ws', '/docs', '/docs-json']);

function checkEnvRefs(where: string, container: Obj, idx: Index): void {
  for (const env of list(container['env'])) {
    const from = obj(env['valueFrom']);
    for (const [refKind, kind, dataKeys] of [
      ['secretKeyRef', 'Secret', ['data', 'stringData']],
      ['configMapKeyRef', 'ConfigMap', ['data']],
    ] as const) {
      const ref = obj(from[refKind]);
      const name = str(ref['name']);
      if (!name) continue;
      const target = idx.get(kind, name);
      const key = str(ref['key']) ?? '';
      const hasKey = target && dataKeys.some((d) => key in obj(target.body[d]));
      if (!hasKey)
        idx.report(`${where}: env ${String(env['name'])} refers to missing ${kind} ${name}/${key}`);
    }
  }
  for (const source of list(container['envFrom'])) {
    const name = str(obj(source['configMapRef'])['name']);
    if (name && !idx.get('ConfigMap', name))
      idx.report(`${where}: envFrom refers to missing ConfigMap ${name}`);
  }
}

function checkContainer(where: string, container: Obj, pod: Obj, idx: Index): void {
  const resources = obj(container['resources']);
  const requests = obj(resources['requests']);
  const limits = obj(resources['limits']);
  if (!requests['cpu'] || !requests['memory'] || !limits['memory'])
    idx.report(`${where}: needs resources.requests cpu and memory, and limits.memory`);

  checkProbe(where, container, 'livenessProbe', '/health/live', idx);
  checkProbe(where, container, 'readinessProbe', '/health/ready', idx);

  const security = obj(container['securityContext']);
  const podSecurity = obj(pod['securityContext']);
  if (security['runAsNonRoot'] !== true && podSecurity['runAsNonRoot'] !== true)
    idx.report(`${where}: needs runAsNonRoot: true`);
  if (security['readOnlyRootFilesystem'] !== true)
    idx.report(`${where}: needs readOnlyRootFilesystem: true`);
  if (security['allowPrivilegeEscalation'] !== false)
    idx.report(`${where}: needs allowPrivilegeEscalation: false`);
  if (security['privileged'] === true) idx.report(`${where}: must not be privileged`);
  const drop = obj(security['capabilities'])['drop'];
  if (!Array.isArray(drop) || !drop.includes('ALL'))
    idx.report(`${where}: needs capabilities.drop: [ALL]`);

  const tmp = list(container['volumeMounts']).find((m) => m['mountPath'] === '/tmp');
  const volume = list(pod['volumes']).find((v) => tmp !== undefined && v['name'] === tmp['name']);
  if (!volume || !isObj(volume['emptyDir']))
    idx.report(`${where}: needs an emptyDir volume mounted on /tmp`);

  checkEnvRefs(where, container, idx);
}

function checkDeployment(deployment: Manifest, idx: Index): void {
  const where = deployment.where;
  const spec = obj(deployment.body['spec']);
  const selector = obj(obj(spec['selector'])['matchLabels']);
  const { labels, spec: pod } = podTemplate(deployment);
  if (!selects(selector, labels))
    idx.report(`${where}: spec.selector.matchLabels does not match the pod template labels`);

  const account = str(pod['serviceAccountName']);
  if (account && !idx.get('ServiceAccount', account))
    idx.report(`${where}: serviceAccountName ${account} does not exist`);

  const containers = list(pod['containers']);
  if (containers.length === 0) idx.report(`${where}: has no containers`);
  for (const container of containers)
    checkContainer(`${where} container ${String(container['name'])}`, container, pod, idx);
}

/** The Deployments whose pods a label selector picks. */
function selectedDeployments(selector: Obj, idx: Index): Manifest[] {
  return idx.all('Deployment').filter((d) => selects(selector, podTemplate(d).labels));
}

function checkService(service: Manifest, idx: Index): void {
  const spec = obj(service.body['spec']);
  const targets = selectedDeployments(obj(spec['selector']), idx);
  if (targets.length === 0) {
    idx.report(`${service.where}: selector matches no Deployment's pods`);
    return;
  }
  const containerPorts = targets.flatMap((d) =>
    list(podTemplate(d).spec['containers']).flatMap((c) => list(c['ports'])),
  );
  for (const port of list(spec['ports'])) {
    const target = port['targetPort'] ?? port['port'];
    if (!containerPorts.some((p) => p['name'] === target || p['containerPort'] === target))
      idx.report(`${service.where}: targetPort ${String(target)} is not a container port`);
  }
}

function checkAutoscaler(hpa: Manifest, idx: Index): void {
  const spec = obj(hpa.body['spec']);
  const ref = obj(spec['scaleTargetRef']);
  if (ref['kind'] !== 'Deployment' || !idx.get('Deployment', String(ref['name'])))
    idx.report(`${hpa.where}: scaleTargetRef is not an existing Deployment`);
  const min = spec['minReplicas'];
  const max = spec['maxReplicas'];
  if (typeof min !== 'number' || typeof max !== 'number' || min < 2 || max < min)
    idx.report(`${hpa.where}: needs 2 <= minReplicas <= maxReplicas`);
}

function checkDisruptionBudget(pdb: Manifest, idx: Index): void {
  const selector = obj(obj(obj(pdb.body['spec'])['selector'])['matchLabels']);
  if (selectedDeployments(selector, idx).length === 0)
    idx.report(`${pdb.where}: selector matches no Deployment's pods`);
}

/** An app's policy must pick its pods, or it guards nothing and the default deny cuts it off. */
function checkNetworkPolicy(policy: Manifest, idx: Index): void {
  const selector = obj(obj(obj(policy.body['spec'])['podSelector'])['matchLabels']);
  if (Object.keys(selector).length === 0) return;
  if (selectedDeployments(selector, idx).length === 0)
    idx.report(`${policy.where}: podSelector matches no Deployment's pods`);
}

/** Empty podSelector, both directions, no rule: nothing is allowed unless a policy says so. */
function isDefaultDeny(policy: Manifest): boolean {
  const spec = obj(policy.body['spec']);
  const types: unknown[] = Array.isArray(spec['policyTypes']) ? spec['policyTypes'] : [];
  return (
    Object.keys(obj(spec['podSelector'])).length === 0 &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    spec['ingress'] === undefined &&
    spec['egress'] === undefined
  );
}

function checkIngress(ingress: Manifest, idx: Index): void {
  const rules = list(obj(ingress.body['spec'])['rules']);
  const backends = rules.flatMap((r) =>
    list(obj(r['http'])['paths']).map((p) => obj(obj(p['backend'])['service'])),
  );
  if (backends.length === 0) idx.report(`${ingress.where}: has no service backends`);
  for (const rule of rules) {
    for (const entry of list(obj(rule['http'])['paths'])) {
      const path = String(entry['path']);
      if (!PUBLIC_PATHS.has(path))
        idx.report(`${ingress.where}: routes ${path}; only ${[...PUBLIC_PATHS].join(', ')}`);
    }
  }
  for (const backend of backends) {
    const service = idx.get('Service', String(backend['name']));
    const port = obj(backend['port']);
    const ports = list(obj(service?.body['spec'])['ports']);
    if (!service || !ports.some((p) => p['name'] === port['name'] || p['port'] === port['number']))
      idx.report(`${ingress.where}: backend ${String(backend['name'])} is not a Service port`);
  }
}

/** Every problem found; an empty list means the directory is deployable as far as we can tell. */
export function checkManifests(
  manifests: readonly Manifest[],
  apps: readonly string[] = VANTAGE_APPS,
): string[] {
  const problems: string[] = [];
  const idx = new Index(manifests, problems);

  const namespaces = new Set(idx.all('Namespace').map((n) => n.name));
  for (const m of manifests) {
    if (m.kind === 'Namespace') continue;
    if (!m.namespace || !namespaces.has(m.namespace))
      problems.push(`${m.where}: ${m.kind}/${m.name} must be in a Namespace defined here`);
  }

  for (const app of apps)
    for (const kind of PER_APP_KINDS)
      if (!idx.get(kind, app)) problems.push(`app ${app}: missing ${kind} ${app}`);
  if (idx.all('Ingress').length === 0) problems.push('no Ingress for the gateway');

  idx.all('Deployment').forEach((d) => checkDeployment(d, idx));
  idx.all('Service').forEach((s) => checkService(s, idx));
  idx.all('HorizontalPodAutoscaler').forEach((h) => checkAutoscaler(h, idx));
  idx.all('PodDisruptionBudget').forEach((p) => checkDisruptionBudget(p, idx));
  idx.all('Ingress').forEach((i) => checkIngress(i, idx));
  idx.all('NetworkPolicy').forEach((n) => checkNetworkPolicy(n, idx));
  if (!idx.all('NetworkPolicy').some(isDefaultDeny))
    problems.push(
      'no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)',
    );
  return problems;
}
