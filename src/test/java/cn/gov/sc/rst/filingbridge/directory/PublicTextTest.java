package cn.gov.sc.rst.filingbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A registered credit code goes public as it is, unless it is a citizen ID number (imported, or from before the check). */
class PublicTextTest {

    @Test
    void aCreditCodeThatIsAnIdNumberIsHidden() {
        assertThat(PublicText.creditCode("510104198503120192")).isEqualTo(PublicText.HIDDEN);
        assertThat(PublicText.creditCode("51010419850312066X")).isEqualTo(PublicText.HIDDEN);
    }

    @Test
    void aCreditCodeIsPublishedAsItIs() {
        assertThat(PublicText.creditCode("12510000450716123C")).isEqualTo("12510000450716123C");
        assertThat(PublicText.creditCode(null)).isNull();
    }

    @Test
    void numbersWrittenAroundTheSharedRuleAreHiddenInPublicTextToo() {
        assertThat(PublicText.scrub("负责人ID510104199001011234")).isEqualTo("负责人ID" + PublicText.HIDDEN);
        assertThat(PublicText.scrub("身份证 510104 19900101 1234 号")).isEqualTo("身份证 " + PublicText.HIDDEN + " 号");
        assertThat(PublicText.scrub("电话138.1234.5678")).isEqualTo("电话" + PublicText.HIDDEN);
        assertThat(PublicText.scrub("tel 13812345678")).isEqualTo("tel " + PublicText.HIDDEN);
    }

    @Test
    void datesCodesAndAddressesStayAsTheyAre() {
        for (String text : new String[] {"成都市武侯区科华北路 88 号 2 栋", "有效期 2026-11-27 至 2029-11-26",
                "4-04-05-01、6-31-01-03", "Y000051010001", "028-85123456"}) {
            assertThat(PublicText.scrub(text)).as(text).isEqualTo(text);
        }
    }
}
