package cn.gov.sc.rst.filingbridge.testsupport;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test support for the original authority (issue 11): registers an institution filed before the gateway, as the
 * operators' import ({@code POST /api/ops/v1/institutions/import}) does, so that a 变更 or 注销 naming its BAH is taken
 * and goes to its authority. Idempotent.
 */
public final class Institutions {

    /** The 成都市 人社局's area code. */
    public static final String CHENGDU = "510100";

    /**
     * The institution's name in the test forms (fixtures/intake/valid-new-filing.json): a 变更 that does not declare
     * 名称 must carry the name as registered (undeclared-change), so the test register uses it.
     */
    public static final String FORM_NAME = "成都市示范职业技术学校职业技能考核鉴定所";

    private Institutions() {
    }

    /** Registers {@code filingNumber}, filed by the authority of {@code authorityArea}, unless it is known already. */
    public static void register(JdbcClient jdbc, String filingNumber, String authorityArea) {
        int known = jdbc.sql("""
                SELECT (SELECT COUNT(*) FROM institution WHERE filing_number = :n)
                  + (SELECT COUNT(*) FROM imported_institution WHERE filing_number = :n)""")
                .param("n", filingNumber).query(Integer.class).single();
        if (known > 0) {
            return;
        }
        String name = "510000".equals(authorityArea) ? "四川省人力资源和社会保障厅"
                : cn.gov.sc.rst.filingbridge.intake.Prefectures.name(authorityArea.substring(0, 4)) + "人力资源和社会保障局";
        jdbc.sql("""
                INSERT INTO imported_institution (filing_number, name, authority_area, authority_name, imported_by,
                  imported_at)
                VALUES (:n, :name, :area, :authority, 'test-support', CURRENT_TIMESTAMP)""")
                .param("n", filingNumber).param("name", FORM_NAME).param("area", authorityArea)
                .param("authority", name).update();
    }
}
