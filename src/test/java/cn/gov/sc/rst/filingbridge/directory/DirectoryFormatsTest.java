package cn.gov.sc.rst.filingbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV cells, the free-text mask, query checks and the canonical snapshot bytes, without the application. */
class DirectoryFormatsTest {

    @Test
    void csvCellsQuoteAsRfc4180AndNeverStartAFormula() {
        assertThat(DirectoryCsv.cell("plain")).isEqualTo("plain");
        assertThat(DirectoryCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(DirectoryCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(DirectoryCsv.cell("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(DirectoryCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(DirectoryCsv.cell("+86")).isEqualTo("'+86");
        assertThat(DirectoryCsv.cell("-1+2")).isEqualTo("'-1+2");
        assertThat(DirectoryCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(DirectoryCsv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(DirectoryCsv.cell("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(DirectoryCsv.cell("成都市 1-2 号")).isEqualTo("成都市 1-2 号");
        assertThat(DirectoryCsv.cell(null)).isEmpty();
    }

    @Test
    void csvFileStartsWithTheByteOrderMarkAndEndsEachRecordWithCrLf() {
        byte[] csv = DirectoryCsv.write(List.of());
        assertThat(csv).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo(String.join(",", DirectoryCsv.HEADER) + "\r\n");
    }

    @Test
    void freeTextLosesIdentityAndMobileNumbersButKeepsOtherDigits() {
        assertThat(PublicText.scrub("电话 13812345678，身份证 51010419900307123X。"))
                .isEqualTo("电话 [已隐去]，身份证 [已隐去]。");
        assertThat(PublicText.scrub("+86 13912345678")).isEqualTo("[已隐去]");
        assertThat(PublicText.scrub("人民南路 3 段 17 号，邮编 610041，座机 028-86123456"))
                .isEqualTo("人民南路 3 段 17 号，邮编 610041，座机 028-86123456");
        assertThat(PublicText.scrub("91510100MA61234567")).isEqualTo("91510100MA61234567");
        assertThat(PublicText.scrub(null)).isNull();
    }

    @Test
    void queriesAreCheckedWithChineseAndEnglishMessages() {
        DirectoryQuery q = DirectoryQuery.parse("510100", " 电工 ", null, "3", "revoked", "2", "50");
        assertThat(q).isEqualTo(new DirectoryQuery("5101", "电工", null, 3, "REVOKED", 2, 50));
        assertThat(DirectoryQuery.parse("510104", null, null, null, null, null, null).areaPrefix())
                .isEqualTo("510104");
        assertThat(DirectoryQuery.parse("510000", null, null, null, null, null, null).areaPrefix()).isNull();
        assertThatThrownBy(() -> DirectoryQuery.parse(null, null, null, null, null, null, "500"))
                .isInstanceOf(BadDirectoryQueryException.class).hasMessageContaining("每页条数")
                .hasMessageContaining("size must be");
        assertThatThrownBy(() -> DirectoryQuery.parse("5102", null, null, null, null, null, null))
                .isInstanceOf(BadDirectoryQueryException.class).hasMessageContaining("prefecture");
    }

    @Test
    void snapshotBytesAreCanonical() {
        PublicInstitution one = new PublicInstitution("Y000051000001", "机构", "单位", "91510100MA61234567", "地址",
                "王负责", "510104", "成都市", "四川省人力资源和社会保障厅",
                List.of(new PublicInstitution.Occupation("6-31-01-03", "电工", List.of(3, 4))), null,
                LocalDate.of(2026, 1, 5), LocalDate.of(2029, 1, 4), "FILED", "已备案", LocalDate.of(2026, 1, 5), null);

        byte[] bytes = DirectorySnapshots.canonical(LocalDate.of(2026, 11, 27), List.of(one));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"count\":1,\"date\":\"2026-11-27\","
                + "\"format\":\"skills-filing-bridge/directory-snapshot/v1\",\"institutions\":[{"
                + "\"filingNumber\":\"Y000051000001\",\"name\":\"机构\",\"unitName\":\"单位\","
                + "\"creditCode\":\"91510100MA61234567\",\"address\":\"地址\",\"director\":\"王负责\","
                + "\"areaCode\":\"510104\",\"prefecture\":\"成都市\",\"authority\":\"四川省人力资源和社会保障厅\","
                + "\"occupations\":[{\"code\":\"6-31-01-03\",\"name\":\"电工\",\"levels\":[3,4]}],\"scope\":null,"
                + "\"validFrom\":\"2026-01-05\",\"validTo\":\"2029-01-04\",\"status\":\"FILED\","
                + "\"statusLabel\":\"已备案\",\"statusDate\":\"2026-01-05\",\"revokedOn\":null}]}");
        assertThat(DirectorySnapshots.canonical(LocalDate.of(2026, 11, 27), List.of(one))).isEqualTo(bytes);
    }
}
