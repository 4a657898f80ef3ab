package cn.gov.sc.rst.filingbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.cases.CaseType;
import cn.gov.sc.rst.filingbridge.mapping.Authority.Tier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** 二、备案层级 rule by rule, each boundary on both sides. */
class JurisdictionTest {

    private final Jurisdiction jurisdiction = new Jurisdiction();

    private static List<Integer> levels(String s) {
        return java.util.Arrays.stream(s.split("/")).map(Integer::valueOf).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Chengdu school assessing 技师 -> 成都市                     | 其他单位 | 510104 | 5/4/3/2 | PREFECTURE | 510100 | 成都市
            Chengdu school assessing 高级技师 -> province               | 其他单位 | 510104 | 3/2/1   | PROVINCE   | 510000 | 技师（一级）
            Chengdu school assessing 高级 and below -> 成都市            | 其他单位 | 510115 | 5/4/3   | PREFECTURE | 510100 | 高级（三级）
            Mianyang school assessing 技师 -> province                  | 其他单位 | 510703 | 4/3/2   | PROVINCE   | 510000 | 成都市以外
            Mianyang school assessing 高级 -> 绵阳市                     | 其他单位 | 510703 | 5/4/3   | PREFECTURE | 510700 | 绵阳市
            Liangshan school assessing 初级 only -> 凉山州               | 其他单位 | 513401 | 5       | PREFECTURE | 513400 | 凉山彝族自治州
            industry department assessing only 初级 -> province         | 行业部门 | 510703 | 5       | PROVINCE   | 510000 | 报人社部
            provincial unit assessing 初级 -> province                  | 省属单位 | 510104 | 5/4     | PROVINCE   | 510000 | 省、部属单位
            ministry-affiliated unit in Zigong assessing 中级 -> province | 部属单位 | 510302 | 4       | PROVINCE   | 510000 | 省、部属单位
            """)
    void newFilingsGoToTheAuthorityOfTheirTier(String description, String unitCategory, String area, String levels,
                                              Tier tier, String authorityArea, String reasonMentions) {
        Authority a = jurisdiction.decide(new Jurisdiction.Facts(CaseType.NEW_FILING, unitCategory, area, levels(levels),
                List.of(), Optional.empty()));
        assertThat(a.tier()).isEqualTo(tier);
        assertThat(a.areaCode()).isEqualTo(authorityArea);
        assertThat(a.name() + a.reason()).contains(reasonMentions);
        assertThat(a.reason()).contains("通知");
    }

    private static final Authority MIANYANG = Authority.prefecture("5107", "原备案");

    @Test
    void aChangeOfLevelsGoesToTheNewTiersAuthority() {
        Authority a = jurisdiction.decide(new Jurisdiction.Facts(CaseType.CHANGE, "其他单位", "510703", List.of(4, 3, 2),
                List.of("鉴定等级"), Optional.of(MIANYANG)));
        assertThat(a.tier()).isEqualTo(Tier.PROVINCE);
        assertThat(a.reason()).contains("四(一)");
    }

    @Test
    void aChangeOfNameOrDirectorGoesToTheOriginalAuthority() {
        Authority a = jurisdiction.decide(new Jurisdiction.Facts(CaseType.CHANGE, "其他单位", "510703", List.of(4, 3, 2),
                List.of("名称", "负责人"), Optional.of(MIANYANG)));
        assertThat(a.areaCode()).isEqualTo("510700");
        assertThat(a.reason()).contains("四(二)");
    }

    @Test
    void aMixedChangeThatIncludesTheNameGoesToTheOriginalAuthority() {
        Authority a = jurisdiction.decide(new Jurisdiction.Facts(CaseType.CHANGE, "其他单位", "510703", List.of(4, 3, 2),
                List.of("鉴定等级", "名称"), Optional.of(MIANYANG)));
        assertThat(a.areaCode()).isEqualTo("510700");
        assertThat(a.reason()).contains("四(二)");
    }

    @Test
    void aCancellationGoesToTheOriginalAuthorityAndNeverToTheProvinceByDefault() {
        Authority known = jurisdiction.decide(new Jurisdiction.Facts(CaseType.CANCELLATION, "其他单位", "510703", List.of(),
                List.of(), Optional.of(MIANYANG)));
        assertThat(known.areaCode()).isEqualTo("510700");
        assertThatThrownBy(() -> jurisdiction.decide(new Jurisdiction.Facts(CaseType.CANCELLATION, "其他单位", "510703", List.of(),
                List.of(), Optional.empty()))).isInstanceOf(Jurisdiction.UnknownFilingNumberException.class);
        assertThatThrownBy(() -> jurisdiction.decide(new Jurisdiction.Facts(CaseType.CHANGE, "其他单位", "510703", List.of(),
                List.of("负责人"), Optional.empty()))).isInstanceOf(Jurisdiction.UnknownFilingNumberException.class);
    }

    @Test
    void aSupplementFollowsItsCase() {
        Authority a = jurisdiction.decide(new Jurisdiction.Facts(CaseType.SUPPLEMENT, "其他单位", "510104", List.of(5),
                List.of(), Optional.of(MIANYANG)));
        assertThat(a.areaCode()).isEqualTo("510700");
        assertThatThrownBy(() -> jurisdiction.decide(new Jurisdiction.Facts(CaseType.SUPPLEMENT, "其他单位", "510104", List.of(5),
                List.of(), Optional.empty()))).isInstanceOf(Jurisdiction.JurisdictionUnknownException.class);
    }
}
