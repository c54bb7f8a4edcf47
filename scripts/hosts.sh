#!/usr/bin/env bash
# Real hosts on one machine: Linux network namespaces joined by a bridge, one Azurite host and N silo hosts.
#
#   scripts/hosts.sh up N [--tls]   create the hosts, start Azurite and one supervised silo per host, wait until
#                                   every silo is Active in the membership table, print how to reach the cluster
#   scripts/hosts.sh down           kill everything `up` started, delete its namespaces, veths, bridge and files
#                                   (idempotent; also cleans up after an `up` that failed half way)
#   scripts/hosts.sh status         the hosts, their processes and the membership table's view
#   scripts/hosts.sh cut HOST       take host HOST's link down (ip link set <its veth> down): a network partition
#   scripts/hosts.sh restore HOST   bring it back up
#   scripts/hosts.sh env            print the client's settings again (eval-able lines, as `up` prints them)
#
# Layout (HOSTS_NAME=mrh, HOSTS_SUBNET=10.77.0 by default; both may be chosen per run, so runs do not collide):
#   bridge  ${NAME}br  10.77.0.1/24 in the root namespace (the client and the tests run there)
#   ns ${NAME}-az      10.77.0.2    Azurite (blob 10000, queue 10001, table 10002), veth ${NAME}az
#   ns ${NAME}-hK      10.77.0.(10+K)  silo K (silo port 11111, gateway 30000), veth ${NAME}hK
# Each silo runs under a supervisor (a shell loop in the root namespace) that starts it again, on the same
# namespace address, whenever it exits: a silo cut off long enough is declared dead by the others, and a silo
# that finds itself declared dead stops itself; its restart rejoins as a new incarnation once the link is back.
#
# State, logs and the certificate live in artifacts/hosts/$NAME/ (host K's silo log: hK.log, Azurite's: az.log);
# `down` keeps the logs (artifacts/hosts/$NAME/logs) unless HOSTS_KEEP_LOGS=0, and removes the rest.
# Needs root, iproute2, openssl, curl, node/npm (Azurite) and a built solution
# (dotnet build MusicRecs.Orleans.sln -c Release).
# HOSTS_START_TIMEOUT (seconds, default 120) bounds the wait for the silos to be Active.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="${HOSTS_NAME:-mrh}"
SUBNET="${HOSTS_SUBNET:-10.77.0}"
STATE="$ROOT/artifacts/hosts/$NAME"
SILO_DLL="${HOSTS_SILO_DLL:-$ROOT/Client/bin/Release/net10.0/silo/MusicRecs.Silo.dll}"
AZURITE_BIN="$ROOT/.tools/azurite/node_modules/.bin/azurite"
START_TIMEOUT="${HOSTS_START_TIMEOUT:-120}"
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
SILO_PORT=11111
GATEWAY_PORT=30000

say() { echo "hosts: $*" >&2; }
fail() { say "error: $*"; exit 1; }

[[ "$NAME" =~ ^[a-z][a-z0-9]{0,7}$ ]] || fail "HOSTS_NAME '$NAME' must be 1-8 lower-case letters or digits, starting with a letter (interface names are at most 15 characters)"
[[ "$SUBNET" =~ ^10\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || fail "HOSTS_SUBNET '$SUBNET' must be the first three octets of a 10.x.y.0/24 network, e.g. 10.77.0"

bridge() { echo "${NAME}br"; }
host_ns() { echo "$NAME-h$1"; }
host_veth() { echo "${NAME}h$1"; }
host_ip() { echo "$SUBNET.$(( 10 + $1 ))"; }
az_ns() { echo "$NAME-az"; }
az_veth() { echo "${NAME}az"; }
az_ip() { echo "$SUBNET.2"; }

connection_string() {
  local ip; ip="$(az_ip)"
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$ACCOUNT_KEY;BlobEndpoint=http://$ip:10000/devstoreaccount1;QueueEndpoint=http://$ip:10001/devstoreaccount1;TableEndpoint=http://$ip:10002/devstoreaccount1;"
}

need_root() {
  [[ "$(id -u)" == 0 ]] || fail "needs root (network namespaces, veths and a bridge)"
  command -v ip >/dev/null || fail "ip (iproute2) is not on PATH: apt-get install -y iproute2"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# One namespace with its veth: the root end joins the bridge, the other end is eth0 inside.
make_host() {
  local ns="$1" veth="$2" ip="$3"
  ip netns add "$ns"
  echo "$ns" >>"$STATE/namespaces"
  ip link add "$veth" type veth peer name "${veth}p"
  echo "$veth" >>"$STATE/links"
  ip link set "${veth}p" netns "$ns"
  ip link set "$veth" master "$(bridge)" up
  ip -n "$ns" link set lo up
  ip -n "$ns" link set "${veth}p" name eth0
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$SUBNET.1"
}

make_certificate() {
  command -v openssl >/dev/null || fail "openssl is not on PATH: apt-get install -y openssl"
  local dir="$STATE/tls"
  mkdir -p "$dir"
  chmod 700 "$dir"
  # Self-signed, for both ends of every connection (server and client authentication); peers pin its thumbprint.
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=musicrecs-$NAME" \
    -addext "extendedKeyUsage=serverAuth,clientAuth" -addext "subjectAltName=DNS:musicrecs-$NAME" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null || fail "openssl could not make the certificate"
  openssl rand -hex 16 >"$dir/password"
  openssl pkcs12 -export -inkey "$dir/key.pem" -in "$dir/cert.pem" -out "$dir/cluster.pfx" \
    -passout "file:$dir/password" || fail "openssl could not write the PFX"
  rm -f "$dir/key.pem"
  chmod 600 "$dir/cluster.pfx" "$dir/password"
}

start_azurite() {
  # The project's own install (npm azurite into .tools/azurite); its start and stop are for the root namespace.
  "$ROOT/scripts/azurite.sh" install >/dev/null
  mkdir -p "$STATE/azurite-data"
  local ip; ip="$(az_ip)"
  ip netns exec "$(az_ns)" "$AZURITE_BIN" --silent --skipApiVersionCheck --location "$STATE/azurite-data" \
    --blobHost "$ip" --blobPort 10000 --queueHost "$ip" --queuePort 10001 --tableHost "$ip" --tablePort 10002 \
    </dev/null >"$STATE/logs/az.log" 2>&1 &
  echo $! >"$STATE/az.pid"
  local began=$SECONDS
  for port in 10000 10001 10002; do
    until port_open "$ip" "$port"; do
      kill -0 "$(cat "$STATE/az.pid")" 2>/dev/null || { tail -n 20 "$STATE/logs/az.log" >&2; fail "Azurite exited before listening on $ip:$port"; }
      (( SECONDS - began < 60 )) || fail "Azurite not listening on $ip:$port after 60 s (log: $STATE/logs/az.log)"
      sleep 0.2
    done
  done
  say "azurite on $ip (namespace $(az_ns)) after $(( SECONDS - began ))s"
}

# The supervisor of host K: starts the silo in the host's namespace, and again whenever it exits, until `down`.
supervise() {
  local k="$1" ns ip log
  ns="$(host_ns "$k")"; ip="$(host_ip "$k")"; log="$STATE/logs/h$k.log"
  local -a args=(
    "--MusicRecs:Clustering:Mode=AzureTable" "--MusicRecs:Clustering:ClusterId=$NAME" "--MusicRecs:Clustering:ServiceId=$NAME"
    "--MusicRecs:Clustering:AdvertisedIP=$ip" "--MusicRecs:Clustering:SiloPort=$SILO_PORT" "--MusicRecs:Clustering:GatewayPort=$GATEWAY_PORT"
    "--MusicRecs:Storage:Mode=Azure" "--MusicRecs:Http:Enabled=false")
  if [[ -f "$STATE/tls/cluster.pfx" ]]; then
    args+=("--MusicRecs:Tls:Enabled=true" "--MusicRecs:Tls:CertificatePath=$STATE/tls/cluster.pfx")
  fi
  local runs=0 child="" code=0
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while [[ ! -f "$STATE/stopping" ]]; do
    runs=$(( runs + 1 ))
    echo "[supervisor] $(date -u +%FT%TZ) start $runs of silo h$k on $ip" >>"$log"
    # Connection strings and the certificate password go through the environment, off the command line.
    local -a env=("MusicRecs__Clustering__ConnectionString=$(connection_string)" "MusicRecs__Storage__ConnectionString=$(connection_string)")
    [[ -f "$STATE/tls/password" ]] && env+=("MusicRecs__Tls__CertificatePassword=$(cat "$STATE/tls/password")")
    env "${env[@]}" ip netns exec "$ns" dotnet "$SILO_DLL" "${args[@]}" </dev/null >>"$log" 2>&1 &
    child=$!
    wait "$child" && code=0 || code=$?
    echo "[supervisor] $(date -u +%FT%TZ) silo h$k exited with code $code" >>"$log"
    [[ -f "$STATE/stopping" ]] && break
    # Exit code 2 is a bad setting: starting again cannot help.
    if (( code == 2 )); then
      echo "[supervisor] bad configuration: not restarting" >>"$log"
      touch "$STATE/h$k.failed"
      break
    fi
    # A silo that cannot reach the table (its link is down) fails to start: retry every few seconds.
    sleep 2
  done
}

# The membership table's rows of this cluster as "address:port generation status" lines, read over Azure
# Table's REST API (SharedKeyLite: an HMAC-SHA256 of the date and the resource under the account key).
members() {
  local date resource key signature
  date="$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')"
  resource="/devstoreaccount1/devstoreaccount1/OrleansSiloInstances()"
  key="$(echo -n "$ACCOUNT_KEY" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
  signature="$(printf '%s\n%s' "$date" "$resource" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | base64)"
  curl -sf --max-time 5 -H "x-ms-date: $date" -H "x-ms-version: 2019-02-02" -H "Accept: application/json;odata=nometadata" \
    -H "Authorization: SharedKeyLite devstoreaccount1:$signature" \
    "http://$(az_ip):10002/devstoreaccount1/OrleansSiloInstances()?\$filter=PartitionKey%20eq%20'$NAME'" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const r of JSON.parse(s).value) if(r.Address) console.log(`${r.Address}:${r.Port} ${r.Generation} ${r.Status}`)})'
}

# Hosts with an Active silo in the membership table.
active_count() {
  local n="$1" k count=0 rows
  rows="$(members 2>/dev/null || true)"
  for (( k = 1; k <= n; k++ )); do
    grep -q "^$(host_ip "$k"):$SILO_PORT .* Active$" <<<"$rows" && count=$(( count + 1 ))
  done
  echo "$count"
}

up() {
  local n="${1:-}"; shift || true
  local tls=0
  for a in "$@"; do
    case "$a" in
      --tls) tls=1 ;;
      *) fail "unknown option '$a' (usage: up N [--tls])" ;;
    esac
  done
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || fail "up needs the number of silo hosts (1-99), e.g. 'up 3'"
  need_root
  [[ -f "$SILO_DLL" ]] || fail "$SILO_DLL not found: build first (dotnet build MusicRecs.Orleans.sln -c Release)"
  [[ -e "$STATE/hosts" ]] && fail "hosts '$NAME' are already up (or half made): run 'scripts/hosts.sh down' first"
  ip link show "$(bridge)" >/dev/null 2>&1 && fail "bridge $(bridge) already exists: another run uses HOSTS_NAME=$NAME (set another, or run down)"
  if ip -4 addr show | grep -q "inet $SUBNET\."; then
    fail "subnet $SUBNET.0/24 is already in use on this machine: set HOSTS_SUBNET"
  fi

  rm -rf "$STATE/logs"
  mkdir -p "$STATE/logs"
  echo "$n" >"$STATE/hosts"
  # From here on a failure leaves state that `down` removes.
  trap 'say "up failed: cleaning up"; down >/dev/null 2>&1 || true' ERR
  ip link add "$(bridge)" type bridge
  echo "$(bridge)" >>"$STATE/links"
  ip addr add "$SUBNET.1/24" dev "$(bridge)"
  ip link set "$(bridge)" up
  make_host "$(az_ns)" "$(az_veth)" "$(az_ip)"
  for (( k = 1; k <= n; k++ )); do
    make_host "$(host_ns "$k")" "$(host_veth "$k")" "$(host_ip "$k")"
  done
  (( tls )) && make_certificate
  start_azurite

  for (( k = 1; k <= n; k++ )); do
    supervise "$k" </dev/null >/dev/null 2>&1 &
    echo $! >"$STATE/h$k.supervisor"
  done

  local began=$SECONDS active=0
  while (( (active = $(active_count "$n")) < n )); do
    if (( SECONDS - began >= START_TIMEOUT )) || compgen -G "$STATE/h*.failed" >/dev/null; then
      say "only $active of $n silos Active after $(( SECONDS - began ))s"
      for (( k = 1; k <= n; k++ )); do say "h$k log:"; tail -n 8 "$STATE/logs/h$k.log" >&2 || true; done
      false  # the ERR trap cleans up
    fi
    sleep 0.5
  done
  trap - ERR
  say "$n silo hosts up after $(( SECONDS - began ))s (all Active); logs in $STATE/logs"
  describe
}

describe() {
  local n; n="$(cat "$STATE/hosts")"
  local gateways=() k
  for (( k = 1; k <= n; k++ )); do gateways+=("$(host_ip "$k"):$GATEWAY_PORT"); done
  echo "HOSTS_NAME=$NAME"
  echo "GATEWAYS='${gateways[*]}'"
  echo "MUSICRECS_CONNECTION_STRING='$(connection_string)'"
  echo "MUSICRECS_CLUSTER_ID=$NAME"
  echo "MUSICRECS_SERVICE_ID=$NAME"
  if [[ -f "$STATE/tls/cluster.pfx" ]]; then
    echo "MUSICRECS_TLS_CERTIFICATE=$STATE/tls/cluster.pfx"
    echo "MUSICRECS_TLS_PASSWORD=$(cat "$STATE/tls/password")"
  fi
}

down() {
  need_root
  [[ -d "$STATE" ]] || { say "nothing to take down for '$NAME'"; return 0; }
  touch "$STATE/stopping"
  local f pid ns
  # Supervisors first, so that nothing restarts what is being killed.
  for f in "$STATE"/h*.supervisor "$STATE/az.pid"; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  # Whatever still runs inside our namespaces (the silos, Azurite): only those processes.
  for ns in $(cat "$STATE/namespaces" 2>/dev/null); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  local waited=0
  while (( waited < 50 )); do
    local left=0
    for ns in $(cat "$STATE/namespaces" 2>/dev/null); do
      [[ -n "$(ip netns pids "$ns" 2>/dev/null)" ]] && left=1
    done
    (( left )) || break
    sleep 0.2; waited=$(( waited + 1 ))
  done
  for ns in $(cat "$STATE/namespaces" 2>/dev/null); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  for f in "$STATE"/h*.supervisor; do
    [[ -f "$f" ]] && pid="$(cat "$f")" && [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null || true
  done
  for ns in $(tac "$STATE/namespaces" 2>/dev/null); do ip netns del "$ns" 2>/dev/null || true; done
  for f in $(tac "$STATE/links" 2>/dev/null); do ip link del "$f" 2>/dev/null || true; done
  if [[ "${HOSTS_KEEP_LOGS:-1}" == 0 ]]; then
    rm -rf "$STATE"
  else
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
  fi
  say "down: '$NAME' removed"
}

status() {
  [[ -f "$STATE/hosts" ]] || { say "'$NAME' is not up"; return 3; }
  local n k pid state; n="$(cat "$STATE/hosts")"
  pid="$(cat "$STATE/az.pid" 2>/dev/null || true)"
  state="$(ip link show "$(az_veth)" 2>/dev/null | grep -q 'state UP\|,UP' && echo link-up || echo link-down)"
  echo "az  $(az_ip)  ns $(az_ns)  $state  azurite $( [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "running (pid $pid)" || echo stopped)"
  for (( k = 1; k <= n; k++ )); do
    pid="$(cat "$STATE/h$k.supervisor" 2>/dev/null || true)"
    state="$(ip -br link show "$(host_veth "$k")" 2>/dev/null | awk '{print $2}')"
    local silo; silo="$(ip netns pids "$(host_ns "$k")" 2>/dev/null | tr '\n' ' ')"
    local starts; starts="$(grep -c '\[supervisor\].*start' "$STATE/logs/h$k.log" 2>/dev/null || echo 0)"
    echo "h$k  $(host_ip "$k")  ns $(host_ns "$k")  veth $(host_veth "$k") ${state:-missing}  supervisor ${pid:-none}  silo pids ${silo:-none}  starts $starts"
  done
  echo "membership table (address generation status):"
  members | sed 's/^/  /' || echo "  (unreadable: Azurite unreachable)"
  echo "active: $(active_count "$n") of $n"
}

link() {
  need_root
  local k="${2:-}"
  [[ -f "$STATE/hosts" ]] || fail "'$NAME' is not up"
  [[ "$k" =~ ^[0-9]+$ ]] && (( k >= 1 && k <= $(cat "$STATE/hosts") )) || fail "no host '$k' (1-$(cat "$STATE/hosts"))"
  ip link set "$(host_veth "$k")" "$1"
  say "host h$k ($(host_ip "$k")): link $1"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  cut) link down "${2:-}" ;;
  restore) link up "${2:-}" ;;
  env) describe ;;
  *) echo "usage: $0 up N [--tls] | down | status | cut K | restore K | env" >&2; exit 2 ;;
esac
