package cn.gov.sc.rst.filingbridge.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** One rule set: every ID and mobile the checks accept is found in text, in every spelling people type it. */
class PersonalDataProperties {

    @Provide
    Arbitrary<String> ids() {
        Arbitrary<String> area = Arbitraries.of("510104", "510703", "511302", "513401", "110101", "440305");
        Arbitrary<String> birth = Arbitraries.integers().between(1900, 2025).flatMap(y -> Arbitraries.integers()
                .between(1, 12).flatMap(m -> Arbitraries.integers().between(1, 28)
                        .map(d -> String.format("%04d%02d%02d", y, m, d))));
        Arbitrary<String> seq = Arbitraries.strings().numeric().ofLength(3);
        return Combinators.combine(area, birth, seq).as((a, b, s) -> a + b + s)
                .map(first17 -> first17 + PersonalData.idCheckCharacter(first17));
    }

    @Provide
    Arbitrary<String> oldIds() {
        Arbitrary<String> birth = Arbitraries.integers().between(0, 99).flatMap(y -> Arbitraries.integers()
                .between(1, 12).flatMap(m -> Arbitraries.integers().between(1, 28)
                        .map(d -> String.format("%02d%02d%02d", y, m, d))));
        return Combinators.combine(Arbitraries.of("510104", "513401"), birth, Arbitraries.strings().numeric().ofLength(3))
                .as((a, b, s) -> a + b + s);
    }

    @Provide
    Arbitrary<String> mobiles() {
        return Combinators.combine(Arbitraries.integers().between(3, 9), Arbitraries.strings().numeric().ofLength(9))
                .as((second, rest) -> "1" + second + rest);
    }

    @Provide
    Arbitrary<String> surroundings() {
        return Arbitraries.of("", "身份证 ", "电话：", "证号=", "(", " 联系人张三 ", "\"", "电话 ", "\n");
    }

    @Property
    void everyValidIdIsAcceptedAndFoundAndMasked(@ForAll("ids") String id, @ForAll("surroundings") String before,
                                                 @ForAll("surroundings") String after) {
        assertThat(PersonalData.isIdNumber(id)).isTrue();
        String text = before + id + after;
        assertThat(PersonalData.contains(text)).isTrue();
        assertThat(PersonalData.mask(text))
                .isEqualTo(before + id.substring(0, 6) + "**********" + id.substring(16) + after);
        assertThat(PersonalData.hide(text, "#")).isEqualTo(before + "#" + after);
    }

    @Property
    void anIdWithAWrongCheckCharacterIsRefusedButStillMasked(@ForAll("ids") String id,
                                                             @ForAll @IntRange(min = 1, max = 10) int shift) {
        String check = "10X98765432";
        char wrong = check.charAt((check.indexOf(id.charAt(17)) + shift) % 11);
        String typo = id.substring(0, 17) + wrong;
        assertThat(PersonalData.isIdNumber(typo)).isFalse();
        assertThat(PersonalData.mask("号码 " + typo)).doesNotContain(typo.substring(6, 14));
    }

    @Property
    void fullWidthIdsAreMasked(@ForAll("ids") String id) {
        String wide = toFullWidth(id);
        assertThat(PersonalData.mask("身份证" + wide + "。")).isEqualTo("身份证" + id.substring(0, 6) + "**********"
                + id.substring(16) + "。");
    }

    @Property
    void oldFifteenDigitIdsAreMasked(@ForAll("oldIds") String id) {
        assertThat(PersonalData.mask("旧证 " + id)).isEqualTo("旧证 " + id.substring(0, 6) + "*******" + id.substring(13));
    }

    @Property
    void mobilesAreMaskedWithEveryPrefixAndSeparator(@ForAll("mobiles") String mobile,
                                                     @ForAll("prefixes") String prefix,
                                                     @ForAll("separators") String sep,
                                                     @ForAll boolean fullWidth) {
        assertThat(PersonalData.isMobile(mobile)).isTrue();
        String written = prefix + mobile.substring(0, 3) + sep + mobile.substring(3, 7) + sep + mobile.substring(7);
        String text = "请致电" + (fullWidth ? toFullWidth(written) : written) + "。";
        String masked = PersonalData.mask(text);
        assertThat(masked).isEqualTo("请致电" + prefix + mobile.substring(0, 3) + "****" + mobile.substring(7) + "。");
        assertThat(PersonalData.hide(text, "#")).isEqualTo("请致电#。");
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("", "86", "+86", "0086", "+86 ", "86-", "0086 ");
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", " ", "-");
    }

    @Property
    void textWithFewerThanElevenDigitsIsReturnedAsItIs(@ForAll @IntRange(min = 0, max = 10) int digits) {
        String text = "状态 " + "7".repeat(digits) + " 已受理";
        assertThat(PersonalData.mask(text)).isSameAs(text);
    }

    @Example
    void numbersThatAreNotPersonalDataAreLeftAlone() {
        assertThat(PersonalData.mask("邮编 610041，座机 028-86123456，备案号 Y000051001064"))
                .isEqualTo("邮编 610041，座机 028-86123456，备案号 Y000051001064");
        assertThat(PersonalData.mask("91510100MA61234567")).isEqualTo("91510100MA61234567");
        assertThat(PersonalData.mask("12812345678 and 138123456789")).isEqualTo("12812345678 and 138123456789");
        assertThat(PersonalData.mask("510104201313011236")).isEqualTo("510104201313011236");
        assertThat(PersonalData.isMobile("+8613812345678")).isFalse();
        assertThat(PersonalData.isMobile("１３８１２３４５６７８")).isFalse();
        assertThat(PersonalData.isIdNumber("01010519491231002X")).isFalse();
        assertThat(PersonalData.isIdNumber("11010519491231002X")).isTrue();
    }

    private static String toFullWidth(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= '0' && c <= '9' ? (char) ('０' + (c - '0')) : c == 'X' ? 'Ｘ' : c == '+' ? '＋' : c);
        }
        return out.toString();
    }
}
