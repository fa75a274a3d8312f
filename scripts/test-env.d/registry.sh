# Sourced by scripts/test.sh: starts the real registries the ImageSource registry tests pull from, with
# every image of ../shared/images pushed, and exports the variables that enable those tests.
#
#   PLIMSOLL_TEST_REGISTRY           plain HTTP, anonymous            (127.0.0.1:<port>)
#   PLIMSOLL_TEST_REGISTRY_AUTH      plain HTTP, HTTP Basic (PLIMSOLL_TEST_REGISTRY_USER / _PASS)
#   PLIMSOLL_TEST_REGISTRY_TLS       HTTPS with a self-signed certificate (PLIMSOLL_TEST_REGISTRY_CA)
#   PLIMSOLL_TEST_REGISTRY_TOKEN     `auth: token` registry; its token issuer (PyJWT) at
#                                    PLIMSOLL_TEST_TOKEN_ISSUER, refresh token PLIMSOLL_TEST_REGISTRY_REFRESH_TOKEN
#
# The images are pushed once (skopeo, via ../shared/images/registry.sh); the other registries serve
# hard-linked copies of that storage. Everything lives under $PLIMSOLL_TEST_TMP/registry.

registry_env_main() {
    local images="${PLIMSOLL_SHARED_DIR:-$(cd .. && pwd)/shared}/images"
    local script="$images/registry.sh"
    local root="$PLIMSOLL_TEST_TMP/registry"
    local fixtures
    fixtures="$(pwd)/Tests/ImageSourceTests/Fixtures/registry"
    if [ ! -x "$script" ] && [ ! -f "$script" ]; then
        echo "registry test env: $script not found; registry tests stay disabled" >&2
        return 0
    fi
    mkdir -p "$root"

    # A free loopback port, preferring $1 (parallel runs on one machine get other ports).
    registry_free_port() {
        python3 -c '
import socket, sys
for port in [int(sys.argv[1])] + [0]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); print(s.getsockname()[1]); break
    except OSError:
        pass
    finally:
        s.close()' "$1"
    }

    local plain_port auth_port tls_port token_port
    plain_port=$(registry_free_port 5055)
    REG_PORT=$plain_port REG_DIR="$root/plain" bash "$script" start >"$root/plain.log" 2>&1
    cleanup_hooks+=("REG_PORT=$plain_port REG_DIR='$root/plain' bash '$script' stop >/dev/null 2>&1")
    REG_PORT=$plain_port REG_DIR="$root/plain" bash "$script" push >>"$root/plain.log" 2>&1

    auth_port=$(registry_free_port 5056)
    mkdir -p "$root/auth" && cp -al "$root/plain/data" "$root/auth/data"
    REG_PORT=$auth_port REG_DIR="$root/auth" REG_AUTH=1 bash "$script" start >"$root/auth.log" 2>&1
    cleanup_hooks+=("REG_PORT=$auth_port REG_DIR='$root/auth' bash '$script' stop >/dev/null 2>&1")

    tls_port=$(registry_free_port 5057)
    mkdir -p "$root/tls" && cp -al "$root/plain/data" "$root/tls/data"
    REG_PORT=$tls_port REG_DIR="$root/tls" REG_TLS=1 bash "$script" start >"$root/tls.log" 2>&1
    cleanup_hooks+=("REG_PORT=$tls_port REG_DIR='$root/tls' bash '$script' stop >/dev/null 2>&1")

    # Token auth: a fresh RSA key pair for the issuer, the registry trusts its certificate.
    local token="$root/token"
    mkdir -p "$token" && cp -al "$root/plain/data" "$token/data"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=plimsoll-test-token-issuer" \
        -keyout "$token/issuer.key" -out "$token/issuer.crt" 2>/dev/null
    local refresh="plimsoll-test-refresh-$RANDOM$RANDOM"
    rm -f "$token/issuer.port"
    setsid python3 "$fixtures/token_issuer.py" --key "$token/issuer.key" --cert "$token/issuer.crt" \
        --issuer plimsoll-test-issuer --service plimsoll-test-registry --user testuser:testpass \
        --refresh-token "$refresh" --port-file "$token/issuer.port" --log "$token/issuer.log" \
        >"$token/issuer.out" 2>&1 </dev/null &
    echo $! >"$token/issuer.pid"
    cleanup_hooks+=("kill \$(cat '$token/issuer.pid') 2>/dev/null")
    local _
    for _ in $(seq 1 50); do [ -s "$token/issuer.port" ] && break; sleep 0.1; done
    [ -s "$token/issuer.port" ] || { cat "$token/issuer.out" >&2; echo "token issuer did not start" >&2; return 1; }
    local issuer_port
    issuer_port=$(cat "$token/issuer.port")
    token_port=$(registry_free_port 5058)
    cat >"$token/config.yml" <<YAML
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $token/data
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$token_port
  secret: plimsoll-test-not-a-secret
auth:
  token:
    realm: http://127.0.0.1:$issuer_port/token
    service: plimsoll-test-registry
    issuer: plimsoll-test-issuer
    rootcertbundle: $token/issuer.crt
YAML
    # The registry reads every REGISTRY_* variable as a config override: start it without any.
    local unset_args=() name
    while IFS= read -r name; do unset_args+=(-u "$name"); done < <(env | sed -n 's/^\(REGISTRY_[A-Za-z0-9_]*\)=.*/\1/p')
    setsid env "${unset_args[@]}" /usr/bin/docker-registry serve "$token/config.yml" \
        >"$token/registry.log" 2>&1 </dev/null &
    echo $! >"$token/registry.pid"
    cleanup_hooks+=("kill \$(cat '$token/registry.pid') 2>/dev/null")
    local code=""
    for _ in $(seq 1 50); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$token_port/v2/" || true)
        [ "$code" = 401 ] && break
        sleep 0.1
    done
    [ "$code" = 401 ] || { tail -20 "$token/registry.log" >&2; echo "token registry did not start" >&2; return 1; }

    export PLIMSOLL_TEST_REGISTRY="127.0.0.1:$plain_port"
    export PLIMSOLL_TEST_REGISTRY_AUTH="127.0.0.1:$auth_port"
    export PLIMSOLL_TEST_REGISTRY_USER=testuser
    export PLIMSOLL_TEST_REGISTRY_PASS=testpass
    export PLIMSOLL_TEST_REGISTRY_TLS="127.0.0.1:$tls_port"
    export PLIMSOLL_TEST_REGISTRY_CA="$root/tls/certs/registry.crt"
    export PLIMSOLL_TEST_REGISTRY_TOKEN="127.0.0.1:$token_port"
    export PLIMSOLL_TEST_TOKEN_ISSUER="127.0.0.1:$issuer_port"
    export PLIMSOLL_TEST_TOKEN_ISSUER_LOG="$token/issuer.log"
    export PLIMSOLL_TEST_REGISTRY_REFRESH_TOKEN="$refresh"
    echo "registry test env: plain $PLIMSOLL_TEST_REGISTRY, basic-auth $PLIMSOLL_TEST_REGISTRY_AUTH," \
        "tls $PLIMSOLL_TEST_REGISTRY_TLS, token $PLIMSOLL_TEST_REGISTRY_TOKEN (issuer $PLIMSOLL_TEST_TOKEN_ISSUER)" >&2
}

registry_env_main
unset -f registry_env_main registry_free_port
