package cn.gov.sc.rst.filingbridge.mapping;

/** Why a case could not be mapped: the field, the value found there, and the rule or code table it broke. */
public record MappingProblem(String field, String value, String rule) {
}
