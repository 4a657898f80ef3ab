package cn.gov.sc.rst.filingbridge.reporting;

import java.util.Objects;

/** 备案机关: the department that handles the filing, by name and GB/T 2260 area code (510000 for the province). */
public record FilingAuthority(String name, String areaCode) {

    public FilingAuthority {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(areaCode, "areaCode");
    }
}
