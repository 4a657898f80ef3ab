-- Original authority (issue 11): institutions filed before the gateway existed, imported by a province operator so
-- that their 变更 and 注销 (四(二), 四(三)) go to the authority that filed them. Looked up by 备案号 (BAH) after the
-- gateway's own register (institution). Portable between H2 2.x and PostgreSQL 14+.
CREATE TABLE imported_institution (
    filing_number  VARCHAR(13)              NOT NULL PRIMARY KEY,
    name           VARCHAR(200)             NOT NULL,
    authority_area VARCHAR(6)               NOT NULL,
    authority_name VARCHAR(100)             NOT NULL,
    imported_by    VARCHAR(100)             NOT NULL,
    imported_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
