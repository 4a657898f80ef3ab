/** Forwarding: relays committed outbox entries to the broker for the next stage, with duplicate-detection ids. */
package cn.gov.sc.rst.filingbridge.forwarding;
