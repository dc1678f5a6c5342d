#!/bin/sh
# Starts redis-server with one ACL user per app, so that no app can touch another's keys or
# forge another's messages (docker-compose runs this; see README "Redis users").
#   service-acl.rules: `<app> <ACL rules>` per line, rendered from SERVICE_REDIS_GRANTS
#     (libs/transport/src/acl/service-acl.ts) by tools/deploy/redis-acl.ts --rules;
#   REDIS_ADMIN_PASSWORD: the `default` user (operators, redis-cli, the exporter);
#   REDIS_PASSWORD_<APP>: each app's password (GATEWAY, TRAFFIC_MONITOR, TELEMETRY, BILLING,
#     REPORTING), letters, digits, - and _ only (e.g. openssl rand -hex 32).
# Arguments are passed on to redis-server.
set -eu

rules_file=${REDIS_ACL_RULES:-/etc/vantage/redis/service-acl.rules}
acl_file=${REDIS_ACL_FILE:-/tmp/vantage-users.acl}

plain() {
  case $2 in
    '' | *[!A-Za-z0-9_-]*)
      echo "start-redis: $1 must be set to letters, digits, - and _ only" >&2
      exit 1
      ;;
  esac
}

admin=${REDIS_ADMIN_PASSWORD:-}
plain REDIS_ADMIN_PASSWORD "$admin"
umask 077
{
  printf 'user default on >%s ~* &* +@all\n' "$admin"
  while read -r app rules; do
    [ -n "$app" ] || continue
    variable="REDIS_PASSWORD_$(printf '%s' "$app" | tr 'a-z-' 'A-Z_')"
    eval "password=\${$variable:-}"
    plain "$variable" "$password"
    printf 'user %s on >%s %s\n' "$app" "$password" "$rules"
  done <"$rules_file"
} >"$acl_file"

# The official image's entrypoint drops root for the redis user: let it read the file.
if [ "$(id -u)" = 0 ] && command -v docker-entrypoint.sh >/dev/null 2>&1; then
  chown redis "$acl_file"
  exec docker-entrypoint.sh redis-server --aclfile "$acl_file" "$@"
fi
exec redis-server --aclfile "$acl_file" "$@"
