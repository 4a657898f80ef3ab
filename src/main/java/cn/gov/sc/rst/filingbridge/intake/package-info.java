/** Intake: takes filing cases from the platform window (REST and SOAP), validates them against the notice and stores them durably with a receipt. */
package cn.gov.sc.rst.filingbridge.intake;
