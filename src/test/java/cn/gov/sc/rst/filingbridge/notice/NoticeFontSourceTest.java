package cn.gov.sc.rst.filingbridge.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Where the font comes from, and what happens without it: prod does not start, elsewhere each notice fails clearly. */
class NoticeFontSourceTest {

    private static final String MISSING = "target/no-such-dir/NotoSansSC-Regular.ttf";

    @Test
    void theProdProfileDoesNotStartWithoutTheFont() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");

        assertThatThrownBy(() -> new NoticeConfig().noticeFontSource(new NoticeProperties(MISSING), prod))
                .isInstanceOf(NoticeFontException.class)
                .hasMessageContaining("缺少中文字体").hasMessageContaining("bridge.notices.font-path=" + MISSING);
    }

    @Test
    void elsewhereTheApplicationStartsAndEachNoticeFailsWithTheSameError() {
        NoticeFontSource source = new NoticeConfig().noticeFontSource(new NoticeProperties(MISSING),
                new MockEnvironment());

        assertThatThrownBy(source::font).isInstanceOf(NoticeFontException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("download-maven-plugin");
        assertThatThrownBy(() -> new NoticeFontSource("classpath:fonts/none.ttf").font())
                .isInstanceOf(NoticeFontException.class).hasMessageContaining("class path resource fonts/none.ttf");
        assertThatThrownBy(() -> new NoticeFontSource(" ").font())
                .isInstanceOf(NoticeFontException.class).hasMessageContaining("font-path is empty");
    }

    @Test
    void theDefaultLocationIsThePackagedFontAndAFilePathWorksToo() {
        NoticeFonts.packaged();

        assertThat(new NoticeFontSource("classpath:" + NoticeFont.DEFAULT_RESOURCE).font().name())
                .isEqualTo("NotoSansSC-Regular");
        assertThat(new NoticeFontSource("target/classes/" + NoticeFont.DEFAULT_RESOURCE).font().name())
                .isEqualTo("NotoSansSC-Regular");
        assertThat(new NoticeProperties("classpath:" + NoticeFont.DEFAULT_RESOURCE).fontPath())
                .isEqualTo("classpath:fonts/NotoSansSC-Regular.ttf");
    }
}
