/**
 * Mapping: decides the competent authority (二、备案层级) and maps accepted cases by declarative JSONata mappings
 * (mappings/) into the skills system's versioned record.
 */
package cn.gov.sc.rst.filingbridge.mapping;
