/**
 * Simulators of the peers for demos and tests: they answer like the real systems would and can be told to fail.
 * They are tools, never used for a real peer; the gateway starts them only in the {@code demo} profile.
 */
package cn.gov.sc.rst.filingbridge.simulator;
