/**
 * Reporting: the filing report to the ministry (备案情况报人社部) as data. {@link
 * cn.gov.sc.rst.filingbridge.reporting.FilingEvent} says what happened to a case, {@link
 * cn.gov.sc.rst.filingbridge.reporting.FilingReports} builds the report of the contract
 * (contracts/ministry-filing-report-v1.xsd), {@link cn.gov.sc.rst.filingbridge.reporting.ReportXml} turns reports and
 * receipts into the exact bytes that are signed and sent, and back (schema-checked, DTDs refused), and {@link
 * cn.gov.sc.rst.filingbridge.reporting.WireSignature} carries a detached signature in the contract's three fields.
 * Plain Java: no Camel, no Spring, no database, no clock; the generated contract classes live in {@code
 * reporting.ministry.v1}.
 */
package cn.gov.sc.rst.filingbridge.reporting;
