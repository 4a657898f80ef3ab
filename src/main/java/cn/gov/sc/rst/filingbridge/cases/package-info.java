/**
 * Cases: the case kernel. Alone owns and writes {@code filing_case}, {@code case_event} and the outbox, and holds the
 * state machine (states, allowed transitions, the guarded {@code UPDATE … WHERE state = :from}).
 */
package cn.gov.sc.rst.filingbridge.cases;
