/**
 * Cross-cutting wiring only: the clock and its zone, broker time, JSON and problem+json, the HTTP firewall's answers,
 * log masking, the embedded database, the contracts' schemas and XML adapters, operators' data-file directories. What
 * serves one capability lives with it (the SOAP window's limits in intake, the peers' timeouts and retry schedule in
 * forwarding). No business rules live here, and nothing here depends on another package of the gateway.
 */
package cn.gov.sc.rst.filingbridge.wiring;
