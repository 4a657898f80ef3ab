-- Result notices (办理结果告知书, 附件3), issue 5: one per case and style, as issued. The text and the PDF are kept as
-- signed (the PDF as base64 text), each with its detached SM2 signature, so a notice can be re-sent and re-verified.
-- Portable between H2 2.x and PostgreSQL 14+.
CREATE TABLE result_notice (
    notice_id      VARCHAR(36)              NOT NULL PRIMARY KEY,
    case_id        VARCHAR(36)              NOT NULL REFERENCES filing_case (case_id),
    sblsh          VARCHAR(64)              NOT NULL,
    style          VARCHAR(8)               NOT NULL,
    bjjgdm         VARCHAR(2)               NOT NULL,
    filing_number  VARCHAR(32),
    valid_from     DATE,
    valid_to       DATE,
    notice_text    VARCHAR                  NOT NULL,
    pdf_base64     VARCHAR                  NOT NULL,
    text_sig_alg   VARCHAR(32)              NOT NULL,
    text_sig_cert  VARCHAR(40)              NOT NULL,
    text_signature VARCHAR(512)             NOT NULL,
    pdf_sig_alg    VARCHAR(32)              NOT NULL,
    pdf_sig_cert   VARCHAR(40)              NOT NULL,
    pdf_signature  VARCHAR(512)             NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_result_notice_case_style UNIQUE (case_id, style)
);
