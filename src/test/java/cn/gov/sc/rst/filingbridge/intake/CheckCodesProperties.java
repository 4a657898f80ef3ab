package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The check characters of GB 32100 (credit codes) and GB 11643 (citizen IDs): any single change is caught. */
class CheckCodesProperties {

    @Provide
    Arbitrary<String> usccPrefixes() {
        return Arbitraries.of(CheckCodes.USCC_ALPHABET.chars().mapToObj(c -> (char) c).toList())
                .list().ofSize(17).map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    }

    @Provide
    Arbitrary<String> idPrefixes() {
        Arbitrary<String> area = Arbitraries.of("510104", "510703", "511302", "513401", "110101");
        Arbitrary<String> birth = Arbitraries.integers().between(1930, 2008).flatMap(y -> Arbitraries.integers()
                .between(1, 12).flatMap(m -> Arbitraries.integers().between(1, 28)
                        .map(d -> String.format("%04d%02d%02d", y, m, d))));
        Arbitrary<String> seq = Arbitraries.strings().numeric().ofLength(3);
        return Combinators.combine(area, birth, seq).as((a, b, s) -> a + b + s);
    }

    @Property
    void aCreditCodeWithItsComputedCheckCharacterIsValid(@ForAll("usccPrefixes") String prefix) {
        assertThat(CheckCodes.isCreditCode(prefix + CheckCodes.usccCheckCharacter(prefix))).isTrue();
    }

    @Property
    void aCreditCodeWithAnyOtherCheckCharacterIsRefused(@ForAll("usccPrefixes") String prefix,
                                                       @ForAll @IntRange(min = 1, max = 30) int shift) {
        char right = CheckCodes.usccCheckCharacter(prefix);
        String alphabet = CheckCodes.USCC_ALPHABET;
        char wrong = alphabet.charAt((alphabet.indexOf(right) + shift) % alphabet.length());
        assertThat(CheckCodes.isCreditCode(prefix + wrong)).isFalse();
    }

    @Property
    void changingOneBodyCharacterOfACreditCodeIsCaught(@ForAll("usccPrefixes") String prefix,
                                                      @ForAll @IntRange(min = 0, max = 16) int position,
                                                      @ForAll @IntRange(min = 1, max = 30) int shift) {
        String valid = prefix + CheckCodes.usccCheckCharacter(prefix);
        String alphabet = CheckCodes.USCC_ALPHABET;
        char replaced = alphabet.charAt((alphabet.indexOf(valid.charAt(position)) + shift) % alphabet.length());
        String changed = valid.substring(0, position) + replaced + valid.substring(position + 1);
        assertThat(CheckCodes.isCreditCode(changed)).isFalse();
    }

    @Property
    void anIdNumberWithItsComputedCheckCharacterIsValid(@ForAll("idPrefixes") String prefix) {
        assertThat(CheckCodes.isIdNumber(prefix + CheckCodes.idCheckCharacter(prefix))).isTrue();
    }

    @Property
    void anIdNumberWithAnyOtherCheckCharacterIsRefused(@ForAll("idPrefixes") String prefix,
                                                      @ForAll @IntRange(min = 1, max = 10) int shift) {
        String checks = "0123456789X";
        char right = CheckCodes.idCheckCharacter(prefix);
        char wrong = checks.charAt((checks.indexOf(right) + shift) % checks.length());
        assertThat(CheckCodes.isIdNumber(prefix + wrong)).isFalse();
    }

    @Example
    void publishedExamplesPass() {
        assertThat(CheckCodes.isCreditCode("91350100M000100Y43")).isTrue();
        assertThat(CheckCodes.isIdNumber("11010519491231002X")).isTrue();
        assertThat(CheckCodes.isIdNumber("11010519491231002x")).isFalse();
        assertThat(CheckCodes.isIdNumber("110105194902300021")).isFalse();
        assertThat(CheckCodes.isCreditCode("91350100M000100YI3")).isFalse();
    }

    @Example
    void areaCodesMustBeInOneOfTheTwentyOnePrefectures() {
        assertThat(CheckCodes.SICHUAN_PREFECTURES).hasSize(21);
        assertThat(CheckCodes.isSichuanArea("510104")).isTrue();
        assertThat(CheckCodes.isSichuanArea("513401")).isTrue();
        assertThat(CheckCodes.isSichuanArea("510000")).isFalse();
        assertThat(CheckCodes.isSichuanArea("511200")).isFalse();
        assertThat(CheckCodes.isSichuanArea("500101")).isFalse();
        assertThat(CheckCodes.isSichuanArea("5101")).isFalse();
    }

    @Example
    void phonesOccupationsAndFilingNumbers() {
        assertThat(CheckCodes.isMobile("13812345678")).isTrue();
        assertThat(CheckCodes.isMobile("12812345678")).isFalse();
        assertThat(CheckCodes.isPhone("028-86112233")).isTrue();
        assertThat(CheckCodes.isPhone("02886112233")).isTrue();
        assertThat(CheckCodes.isPhone("86112233")).isFalse();
        assertThat(CheckCodes.isOccupationCode("4-04-05-01")).isTrue();
        assertThat(CheckCodes.isOccupationCode("4-04-05")).isFalse();
        assertThat(CheckCodes.isOccupationCode("9-04-05-01")).isFalse();
        assertThat(CheckCodes.isFilingNumber("Y000051001064")).isTrue();
        assertThat(CheckCodes.isFilingNumber("S000051123456")).isTrue();
        assertThat(CheckCodes.isFilingNumber("Y000050001064")).isFalse();
    }
}
