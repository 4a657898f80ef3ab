package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The masking's fast path skips the regex only for text that cannot hold a personal number (no run of 11 digits with
 * at most single spaces or hyphens between them): every form the search knows is still masked.
 */
class PersonalDataTest {

    @Test
    void everyFormOfAPersonalNumberIsStillMasked() {
        assertThat(PersonalData.mask("id 510104199001011236 x")).isEqualTo("id 510104**********36 x");
        assertThat(PersonalData.mask("old id 510104900101123")).isEqualTo("old id 510104*******23");
        assertThat(PersonalData.mask("call 13812345678")).isEqualTo("call 138****5678");
        assertThat(PersonalData.mask("call 138 1234 5678")).isEqualTo("call 138****5678");
        assertThat(PersonalData.mask("call 138-1234-5678")).isEqualTo("call 138****5678");
        assertThat(PersonalData.mask("call +86 13812345678")).isEqualTo("call +86 138****5678");
        assertThat(PersonalData.mask("全角 １３８１２３４５６７８")).isEqualTo("全角 138****5678");
        assertThat(PersonalData.mask("全角 １３８　１２３４－５６７８")).isEqualTo("全角 138****5678");
        assertThat(PersonalData.mask("ID 51010419900101123X.")).isEqualTo("ID 510104**********3X.");
    }

    @Test
    void linesFullOfIdsButWithoutARunOfElevenDigitsAreLeftAsTheyAre() {
        String line = "skills record 8f3c2a71-5b9e-4d02-9c1a-37e4f0b6d925:1 DELIVERED at 2026-11-27T10:00:00.123+08:00";
        assertThat(PersonalData.mask(line)).isSameAs(line);
        assertThat(PersonalData.contains(line)).isFalse();
        // ten digits in a row are no personal number either
        assertThat(PersonalData.mask("order 1381234567 x")).isEqualTo("order 1381234567 x");
    }
}
