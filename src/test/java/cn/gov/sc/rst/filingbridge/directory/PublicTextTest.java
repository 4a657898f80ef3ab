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
}
