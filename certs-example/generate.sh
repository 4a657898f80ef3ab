#!/usr/bin/env bash
# Regenerates the SM2 TEST material in this folder with OpenSSL 3 (see README.md). Test and demo use only.
#
#   bash certs-example/generate.sh            # from the repository root, or from inside certs-example/
#
# Every signature made here (CSR self-signatures, certificate signatures) is SM3withSM2 with the user ID
# 1234567812345678 set explicitly: OpenSSL 3.0 otherwise uses an empty ID, which Bouncy Castle and GM/T 0015
# certificates do not.
set -euo pipefail

cd "$(dirname "$0")"
OUT="$PWD"

if ! openssl version | grep -q '^OpenSSL 3'; then
    echo "generate.sh needs OpenSSL 3 (found: $(openssl version))" >&2
    exit 1
fi

PASSWORD=demo-only
DISTID=distid:1234567812345678
ORG="/C=CN/ST=Sichuan/O=TEST ONLY skills-filing-bridge/OU=demo material, not a real key"
# PKCS#12 protection that both OpenSSL 3 and Bouncy Castle read (and that OpenSSL 3.0 uses by default):
# PBES2 + PBKDF2(hmacWithSHA256) + AES-256-CBC for keys and certificates, HMAC-SHA256 integrity MAC.
P12_OPTS=(-keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256 -iter 2048)

day() { date -u -d "$1" +%Y%m%d000000Z; }
NOW_MINUS_1D=$(day "-1 day")
IN_10_YEARS=$(day "+3650 days")
IN_20_YEARS=$(day "+7300 days")
TWO_YEARS_AGO=$(day "-730 days")
ONE_YEAR_AGO=$(day "-365 days")

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/openssl.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $WORK/index.txt
new_certs_dir = $WORK
serial = $WORK/serial
default_md = sm3
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
countryName = optional
stateOrProvinceName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ req ]
distinguished_name = dn
[ dn ]
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_signer ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

# A fresh, positive, 128-bit serial for every certificate.
next_serial() { echo "4$(openssl rand -hex 16 | cut -c2-32)" > "$WORK/serial"; }

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out "$OUT/$1.key.pem"; }

csr() { # name subject
    openssl req -new -key "$OUT/$1.key.pem" -sm3 -sigopt "$DISTID" -subj "$2" -out "$WORK/$1.csr"
}

issue() { # name issuer-name extensions start end
    local name=$1 issuer=$2 ext=$3 start=$4 end=$5
    next_serial
    : > "$WORK/index.txt"
    local self=()
    if [ "$name" = "$issuer" ]; then self=(-selfsign); else self=(-cert "$OUT/$issuer.pem"); fi
    openssl ca -batch -config "$WORK/openssl.cnf" "${self[@]}" -keyfile "$OUT/$issuer.key.pem" \
        -in "$WORK/$name.csr" -out "$OUT/$name.pem" -extensions "$ext" \
        -startdate "$start" -enddate "$end" -sigopt "$DISTID" -vfyopt "$DISTID" -notext 2> "$WORK/ca.log" \
        || { cat "$WORK/ca.log" >&2; exit 1; }
}

ca() { # name common-name
    new_key "$1"
    csr "$1" "$ORG/CN=$2"
    issue "$1" "$1" v3_ca "$NOW_MINUS_1D" "$IN_20_YEARS"
}

signer() { # name common-name issuer start end
    new_key "$1"
    csr "$1" "$ORG/CN=$2"
    issue "$1" "$3" v3_signer "$4" "$5"
    openssl pkey -in "$OUT/$1.key.pem" -pubout -out "$OUT/$1.pub.pem"
    openssl pkcs12 -export -inkey "$OUT/$1.key.pem" -in "$OUT/$1.pem" -certfile "$OUT/$3.pem" \
        -name "$1" -passout "pass:$PASSWORD" "${P12_OPTS[@]}" -out "$OUT/$1.p12"
}

rm -f "$OUT"/*.pem "$OUT"/*.p12

ca test-ca "skills-filing-bridge Test SM2 CA"
ca untrusted-ca "Untrusted Test SM2 CA"

signer gateway "skills-filing-bridge gateway (test)" test-ca "$NOW_MINUS_1D" "$IN_10_YEARS"
signer skills "Sichuan skills system (test)" test-ca "$NOW_MINUS_1D" "$IN_10_YEARS"
signer ministry "MOHRSS filing service (test)" test-ca "$NOW_MINUS_1D" "$IN_10_YEARS"
signer expired "expired signer (test)" test-ca "$TWO_YEARS_AGO" "$ONE_YEAR_AGO"
signer untrusted "signer under an untrusted CA (test)" untrusted-ca "$NOW_MINUS_1D" "$IN_10_YEARS"

# The demo trust store: the test CA as trust anchor and the three parties' signing certificates, each under
# its own friendly name (Bouncy Castle lists certificate-only entries by friendly name).
cat "$OUT/test-ca.pem" "$OUT/gateway.pem" "$OUT/skills.pem" "$OUT/ministry.pem" > "$WORK/trust.pem"
openssl pkcs12 -export -nokeys -in "$WORK/trust.pem" \
    -caname test-ca -caname gateway -caname skills -caname ministry \
    -passout "pass:$PASSWORD" "${P12_OPTS[@]}" -out "$OUT/truststore.p12"

# Self-checks: every signer certificate chains (or, by design, does not) with the explicit user ID.
for name in gateway skills ministry; do
    openssl verify -vfyopt "$DISTID" -CAfile "$OUT/test-ca.pem" "$OUT/$name.pem" > /dev/null
done
if openssl verify -vfyopt "$DISTID" -CAfile "$OUT/test-ca.pem" "$OUT/untrusted.pem" > /dev/null 2>&1; then
    echo "untrusted.pem unexpectedly chains to the test CA" >&2; exit 1
fi
if openssl verify -vfyopt "$DISTID" -CAfile "$OUT/test-ca.pem" "$OUT/expired.pem" > /dev/null 2>&1; then
    echo "expired.pem unexpectedly verifies" >&2; exit 1
fi

for name in gateway skills ministry expired untrusted; do
    printf '%-10s serial %s  %s .. %s\n' "$name" \
        "$(openssl x509 -in "$OUT/$name.pem" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f')" \
        "$(openssl x509 -in "$OUT/$name.pem" -noout -startdate | cut -d= -f2)" \
        "$(openssl x509 -in "$OUT/$name.pem" -noout -enddate | cut -d= -f2)"
done
