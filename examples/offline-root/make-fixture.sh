#!/usr/bin/env bash
# Makes the fixture the docs' outside-AWS example synthesizes with: a demo offline root (root.pem) and a certificate it
# signed for a demo CSR with the subject of the docs' IssuingCa (issuing.pem). The keys are thrown away: this shows the
# shape of the ceremony, it is not a PKI. Rerun it (and commit the two files) when the fixture nears its end (2036).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$work/root.key" -out root.pem -days 3650 -sha384 \
  -subj '/O=Example Corp/CN=Example Offline Root' \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' -addext 'subjectKeyIdentifier=hash'
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$work/issuing.key" -out "$work/issuing.csr" \
  -subj '/O=Example Corp/CN=Example Issuing CA'
bash ./sign-csr.sh root.pem "$work/root.key" "$work/issuing.csr" issuing.pem 1095 0
