/** Cross-cutting wiring: clock, JSON, JMS, CXF, logging. No business rules live here. */
package cn.gov.sc.rst.filingbridge.wiring;
