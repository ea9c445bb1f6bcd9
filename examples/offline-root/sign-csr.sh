#!/usr/bin/env bash
# The signing step of the ceremony in docs/hierarchy.md ("A parent outside AWS"), with OpenSSL: the offline root signs
# the CSR an IssuingCa published, as a subordinate CA certificate AWS Private CA accepts (critical basic constraints
# CA:TRUE with a path length, critical key usage keyCertSign and cRLSign, subject and authority key identifiers).
#
# Usage: sign-csr.sh <root-cert.pem> <root-key.pem> <ca.csr> <out.pem> [days] [pathlen]
#   days     validity of the certificate (default 1095, three years); it must end before the root's
#   pathlen  CA levels allowed below this CA (default 0: it issues end-entity certificates only)
# Run it where the root key lives (an offline machine or an HSM-backed OpenSSL engine), never in CI.
set -euo pipefail
root_cert=$1 root_key=$2 csr=$3 out=$4 days=${5:-1095} pathlen=${6:-0}
extensions=$(mktemp)
trap 'rm -f "$extensions"' EXIT
cat > "$extensions" <<CONF
basicConstraints = critical, CA:TRUE, pathlen:${pathlen}
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CONF
openssl x509 -req -in "$csr" -CA "$root_cert" -CAkey "$root_key" -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha384 \
  -extfile "$extensions" -out "$out"
openssl verify -CAfile "$root_cert" "$out"
