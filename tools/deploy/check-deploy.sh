#!/usr/bin/env bash
# Checks the deployment configuration without a cluster, Docker daemon or network:
#   Prometheus config and alert rules (promtool check config / check rules / test rules),
#   docker-compose.yml (docker-compose config -q),
#   deploy/k8s (kubectl decodes every manifest offline, then tools/deploy/check-k8s.ts checks
#   structure, security context, probes, resources and references),
#   Grafana dashboards and provisioning (valid JSON / YAML, unique uids).
# Needs on PATH: promtool (Debian: prometheus), docker-compose (Debian: docker-compose),
# kubectl (Debian: kubernetes-client), node with the repo's node_modules. Installs nothing.
# Usage: tools/deploy/check-deploy.sh   (from anywhere; runs at the repository root)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

step() { printf '\n== %s\n' "$*"; }

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "check-deploy: '$1' is not on PATH (Debian package: $2)" >&2
    exit 1
  fi
}
need promtool prometheus
need docker-compose docker-compose
need kubectl kubernetes-client
need node nodejs

step "promtool $(promtool --version 2>&1 | head -n1 | awk '{print $3}'): Prometheus configuration"
# promtool resolves rule_files relative to the config file, so run it in the config's folder.
(cd deploy/prometheus && promtool check config prometheus.yml && promtool check config prometheus-k8s.yml)

step 'promtool: alert and recording rules'
(cd deploy/prometheus && promtool check rules alerts.yml)

step 'promtool: rule unit tests (deploy/prometheus/alerts.test.yml)'
(cd deploy/prometheus && promtool test rules alerts.test.yml)

step "docker-compose $(docker-compose version --short 2>/dev/null || echo '?'): docker-compose.yml"
# Interpolation only: no daemon is contacted. The ${VAR:-default} values need no .env; the
# secrets compose demands (${VAR:?...}: no published default) get throwaway values here.
compose_secrets=(JWT_SECRET=deploy-check UNSUBSCRIBE_SECRET=deploy-check PREVIEW_LINK_SECRET=deploy-check REDIS_ADMIN_PASSWORD=deploy-check)
for app in GATEWAY TRAFFIC_MONITOR TELEMETRY BILLING REPORTING; do
  compose_secrets+=("REDIS_PASSWORD_${app}=deploy-check")
done
env "${compose_secrets[@]}" docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid ($(env "${compose_secrets[@]}" docker-compose -f docker-compose.yml config --services | wc -l) services)"

step 'kubectl: decode every manifest in deploy/k8s offline'
# `kubectl apply --dry-run=client` asks a server for its API groups even in client mode, so it
# cannot run without a cluster. `label --local` decodes every object (YAML, apiVersion, kind)
# without one. An empty kubeconfig keeps it away from whatever cluster this machine knows.
work_dir="$(mktemp -d)"
trap 'rm -rf "${work_dir}"' EXIT
: >"${work_dir}/config"
KUBECONFIG="${work_dir}/config" kubectl label --local --dry-run=client -o name \
  -f deploy/k8s deploy-check=ok

step 'tools/deploy/check-k8s.ts: structure, security, probes, resources, references'
npx --no-install tsx --tsconfig tsconfig.base.json tools/deploy/check-k8s.ts deploy/k8s

step 'Grafana: dashboards'
node - <<'NODE'
const fs = require('node:fs');
const path = require('node:path');
const dir = 'deploy/grafana/dashboards';
const uids = new Map();
let failed = false;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const where = path.join(dir, file);
  try {
    const dashboard = JSON.parse(fs.readFileSync(where, 'utf8'));
    const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    const ids = panels.map((p) => p.id);
    const problems = [];
    if (!dashboard.uid || !dashboard.title) problems.push('needs uid and title');
    if (uids.has(dashboard.uid)) problems.push(`uid ${dashboard.uid} also in ${uids.get(dashboard.uid)}`);
    if (new Set(ids).size !== ids.length) problems.push('duplicate panel ids');
    for (const p of panels)
      for (const t of p.targets ?? [])
        if (!t.expr) problems.push(`panel "${p.title}" has a target without expr`);
    uids.set(dashboard.uid, where);
    if (problems.length) throw new Error(problems.join('; '));
    console.log(`${where}: ok (${dashboard.uid}, ${panels.length} panels)`);
  } catch (error) {
    failed = true;
    console.error(`${where}: ${error.message}`);
  }
}
if (failed) process.exit(1);
NODE

step 'promtool: PromQL of every dashboard panel'
# Each panel query becomes a recording rule so promtool parses it; Grafana variables are
# replaced by sample values first.
node - "${work_dir}/dashboard-queries.yml" <<'NODE'
const fs = require('node:fs');
const dir = 'deploy/grafana/dashboards';
const rules = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const dashboard = JSON.parse(fs.readFileSync(`${dir}/${file}`, 'utf8'));
  for (const panel of (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]))
    for (const target of panel.targets ?? [])
      rules.push({
        record: `dashboard:query:${rules.length + 1}`,
        expr: target.expr
          .replaceAll('$__rate_interval', '5m')
          .replace(/\$\{?service\}?/g, 'gateway'),
      });
}
// JSON is YAML: one group holding every query.
fs.writeFileSync(process.argv[2], JSON.stringify({ groups: [{ name: 'dashboards', rules }] }));
NODE
promtool check rules "${work_dir}/dashboard-queries.yml"
step 'Grafana: provisioning files'
# The provisioning files are YAML read by Grafana; promtool cannot parse them, kubectl can't
# either (no kind), so parse them with the `yaml` package the k8s check already uses.
node -e '
const fs = require("node:fs"); const { parseAllDocuments } = require("yaml");
for (const f of process.argv.slice(1)) {
  const docs = parseAllDocuments(fs.readFileSync(f, "utf8"));
  const bad = docs.find((d) => d.errors.length > 0);
  if (bad) { console.error(`${f}: ${bad.errors[0].message}`); process.exit(1); }
  const body = docs[0].toJSON();
  if (!body || body.apiVersion !== 1) { console.error(`${f}: needs apiVersion: 1`); process.exit(1); }
  console.log(`${f}: ok`);
}' deploy/grafana/provisioning/*/*.yml

printf '\ncheck-deploy: all deployment checks passed\n'
