/**
 * Forwarding: relays committed outbox entries to the broker for the next stage, with duplicate-detection ids; and
 * outbound by peer around one ledger ({@link cn.gov.sc.rst.filingbridge.forwarding.Deliveries}: records, the retry
 * schedule, park / dead / replay), with one adapter per peer: the HTTP peers ({@code HttpPeer}: the skills system, the
 * platform) under one route template and one judge of their answers ({@code HttpOutcome}), the ministry over SOAP.
 */
package cn.gov.sc.rst.filingbridge.forwarding;
