-- Public directory (issue 6): one signed snapshot of the whole public register per day. content is the exact JSON
-- bytes that were signed, base64; signature is the DER SM2 signature over them (SM3, user ID 1234567812345678),
-- base64; cert_serial names the signing certificate (lowercase hex). Portable between H2 2.x and PostgreSQL 14+.
CREATE TABLE directory_snapshot (
    snapshot_date     DATE                     NOT NULL PRIMARY KEY,
    content           VARCHAR                  NOT NULL,
    content_sm3       VARCHAR(64)              NOT NULL,
    institution_count INTEGER                  NOT NULL,
    signature_alg     VARCHAR(20)              NOT NULL,
    signature         VARCHAR(512)             NOT NULL,
    cert_serial       VARCHAR(40)              NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
