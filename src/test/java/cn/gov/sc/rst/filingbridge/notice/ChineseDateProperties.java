package cn.gov.sc.rst.filingbridge.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The 落款 date: year, month and day as plain numbers without leading zeros, and it reads back as the same day. */
class ChineseDateProperties {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})年([1-9]|1[0-2])月([1-9]|[12]\\d|3[01])日");

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(2000, 1, 1).toEpochDay(), LocalDate.of(2099, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    @Property(tries = 2000)
    void everyDateIsWrittenWithoutLeadingZerosAndReadsBack(@ForAll("dates") LocalDate date) {
        String written = ResultNoticeText.chineseDate(date);

        Matcher matcher = FORMAT.matcher(written);
        assertThat(matcher.matches()).as(written).isTrue();
        assertThat(LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)))).isEqualTo(date);
        assertThat(written).doesNotContain("年0").doesNotContain("月0");
    }
}
