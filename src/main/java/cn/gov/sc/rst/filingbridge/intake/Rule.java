package cn.gov.sc.rst.filingbridge.intake;

/** The rules a case is checked against, with their messages in Chinese and English. */
public enum Rule {
    REQUIRED("required", "必填项缺失", "is required"),
    SCHEMA("schema", "不符合接口契约", "does not match the interface contract"),
    ENCODING("encoding", "字符编码错误", "character encoding is invalid"),
    MALFORMED("malformed", "报文格式错误", "message is malformed"),
    CREDIT_CODE("credit-code", "统一社会信用代码不符合 GB 32100-2015（长度、字符集或校验码错误）",
            "unified social credit code fails GB 32100-2015 (length, alphabet or check character)"),
    CREDIT_CODE_IS_ID_NUMBER("credit-code-is-id-number", "所填统一社会信用代码是一个公民身份号码：申请人为单位，须填写单位的统一社会信用代码",
            "the unified social credit code given is a citizen ID number: the applicant is a unit, give the unit's code"),
    ID_NUMBER("id-number", "公民身份号码/社保号不符合 GB 11643-1999（长度、出生日期或校验码错误）",
            "citizen ID / social security number fails GB 11643-1999 (length, birth date or check digit)"),
    MOBILE("mobile", "手机号码格式错误（应为 11 位，以 1 开头）", "mobile number must be 11 digits starting with 1"),
    PHONE("phone", "电话号码格式错误（固定电话如 028-12345678，或 11 位手机号码）",
            "phone number must be a landline such as 028-12345678 or an 11-digit mobile number"),
    AREA_CODE("area-code", "行政区划代码须为四川省 21 个市（州）之一的 6 位代码（GB/T 2260）",
            "area code must be a 6-digit GB/T 2260 code inside one of Sichuan's 21 prefectures"),
    LEVEL("level", "鉴定级别须为 1–5（一级/高级技师 至 五级/初级工），且不得重复",
            "assessment levels must be 1-5 (1 = senior technician ... 5 = junior worker) without repeats"),
    OCCUPATION_CODE("occupation-code", "职业编码须符合《中华人民共和国职业分类大典（2022年版）》格式 N-NN-NN-NN",
            "occupation code must follow the 2022 Occupational Classification format N-NN-NN-NN"),
    INSTITUTION_NAME("institution-name", "鉴定机构名称须为申请单位全称冠“职业技能考核鉴定所”或“职业技能考核鉴定站”（通知五(一)）",
            "institution name must be the applicant's full name followed by 职业技能考核鉴定所 or 职业技能考核鉴定站 (notice 5(1))"),
    POSITIVE("positive", "数值须大于 0", "must be greater than 0"),
    NOT_NEGATIVE("not-negative", "数值不得为负", "must not be negative"),
    NOT_IN_FUTURE("not-in-future", "日期不得晚于当前日期", "date must not be in the future"),
    ONE_OF("one-of", "取值不在允许范围内", "value is not one of the allowed values"),
    MISMATCH("mismatch", "与备案表中对应字段不一致", "does not match the corresponding field of the filing form"),
    RANGE("range", "数值超出允许范围", "value is out of range"),
    FILING_NUMBER("filing-number", "备案号格式错误（应为 Y 或 S + 0000 + 51 + 6 位序号，共 13 位）",
            "filing number must be Y or S, 0000, 51 and a 6-digit serial (13 characters)"),
    UNKNOWN_FILING_NUMBER("unknown-filing-number",
            "备案号不在备案机构名册中（变更、注销须向原备案部门办理，通知四(二)、四(三)）；本网关启用前备案的机构须先由省级操作员导入",
            "the filing number is not in the institution register (a change or cancellation goes to the authority that "
                    + "filed the institution, notice 4(2), 4(3)); institutions filed before the gateway must first be "
                    + "imported by a province operator"),
    FILING_NUMBER_NOT_IN_FORCE("filing-number-not-in-force",
            "该备案号的机构已注销或被取消备案，不能再办理变更或注销（通知四(二)、四(三)）；如需继续开展考核鉴定工作，请重新申请设立备案",
            "the institution of this filing number has been cancelled or its filing revoked; it takes no further change or "
                    + "cancellation (notice 4(2), 4(3)); to assess again, apply for a new filing"),
    NOT_THE_INSTITUTION("not-the-institution",
            "申请人不是该备案号机构的申请单位（变更、注销须由原申请单位办理，通知四(二)、四(三)）",
            "the applicant is not the unit the institution of this filing number was filed for (a change or "
                    + "cancellation is applied for by that unit, notice 4(2), 4(3))"),
    UNDECLARED_CHANGE("undeclared-change",
            "备案表与备案登记不一致，但变更事项（BGSX）未申报该项（通知四(一)、四(二)）；请在变更事项中申报，或按备案登记填写",
            "the filing form differs from the register in an item the change (BGSX) does not declare (notice 4(1), "
                    + "4(2)); declare it, or fill that item in as registered"),
    SUPPLEMENT_AFTER_DEADLINE("supplement-after-deadline",
            "补正期限已届满，不再接收补正（一次性告知后须在规定的工作日内补齐材料），请重新申请",
            "the supplement window of the referenced case has ended (the one-time notice gives a fixed number of "
                    + "working days); it takes no supplement, apply again"),
    RELATED_CASE("related-case", "补正须关联一个办理中的办件", "a supplement must reference an open case"),
    SUPPLEMENT_AFTER_TERMINATION("supplement-after-termination",
            "关联办件已因未在规定期限内补齐材料而终止办理，不再接收补正，请重新申请",
            "the referenced case was terminated because the materials were not supplemented in time; it takes no "
                    + "supplement, apply again"),
    MATERIAL_SOURCE("material-source", "材料须提供内嵌内容或引用地址之一（不得同时提供或都不提供）",
            "a material must carry exactly one of inline content or a reference"),
    MATERIAL_HASH("material-hash", "材料内容的 SM3 摘要与声明值不一致", "SM3 digest of the material content does not match the declared value"),
    MATERIAL_SIZE("material-size", "内嵌材料超过允许大小，请改用引用地址", "inline material exceeds the allowed size; send a reference instead"),
    ROSTER("roster", "名册缺少必需人员", "roster lacks a required member"),
    RATIO("ratio", "配比不符合通知一.3：须填报每场次考生数及对应的监考人员、考评人员或综合评审专家数，均为大于 0 的整数",
            "ratio fails notice 1.3: candidates per session and the invigilators, assessors or review experts attending "
                    + "them must both be whole numbers above 0"),
    REVIEW_RATIO("review-ratio", "综合评审专家与考生数量的配比（通知一.3）仅适用于且必须适用于申报技师、高级技师的机构",
            "the review expert to candidate ratio (notice 1.3) belongs to, and is required of, institutions assessing "
                    + "技师 or 高级技师"),
    TEXT_CHARS("text-chars", "含有不允许的字符（控制字符、孤立的代理项或非字符，换行和制表符除外）",
            "contains characters that are not allowed (control characters other than line breaks and tabs, unpaired "
                    + "surrogates or noncharacters)"),
    ONE_LINE("one-line", "须为一行，不得含换行、制表符或其他控制字符",
            "must be one line, without line breaks, tabs or other control characters"),
    SBLSH_FORMAT("sblsh-format", "申办流水号须为 1–64 个字符，仅含字母、数字、“-”和“_”",
            "an SBLSH must be 1 to 64 characters: letters, digits, '-' and '_' only");

    /** The contract keywords (JSON Schema and XSD facets alike) that, broken by an SBLSH, mean {@link #SBLSH_FORMAT}. */
    private static final java.util.Set<String> SBLSH_FACETS = java.util.Set.of("pattern", "maxLength", "minLength");

    private final String code;
    private final String zh;
    private final String en;

    /**
     * Whether breaking contract keyword {@code keyword} in an SBLSH or GLSBLSH is {@link #SBLSH_FORMAT} (its pattern
     * and its length are the one format), rather than a bare schema error.
     */
    public static boolean breaksSblshFormat(String keyword) {
        return keyword != null && SBLSH_FACETS.contains(keyword);
    }

    Rule(String code, String zh, String en) {
        this.code = code;
        this.zh = zh;
        this.en = en;
    }

    public String code() {
        return code;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
