package cn.gov.sc.rst.filingbridge.notice;

import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Result notices (办理结果告知书) per second on one thread: the text of 样式（一）, its A4 PDF with the embedded font subset,
 * and the whole of what {@link ResultNotices#issue} does before it stores (text + PDF + the SM2 signature over each).
 * Run from the repository root; command and results in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NoticeBenchmark {

    static final LocalDate DATE = LocalDate.of(2026, 11, 27);

    NoticeFacts facts;
    ResultNoticePdf pdf;
    MessageSigner signer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (InputStream in = NoticeBenchmark.class.getClassLoader().getResourceAsStream(NoticeFont.DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the notice font is not on the class path (build log: notice font)");
            }
            pdf = new ResultNoticePdf(NoticeFont.read(in, "classpath:" + NoticeFont.DEFAULT_RESOURCE));
        }
        signer = new MessageSigner(Pkcs12.signingCredential(Path.of("certs-example", "gateway.p12"),
                "demo-only".toCharArray(), "gateway"));
        facts = NoticeFacts.filed("bench-case", "SC-BENCH-1", "成都市示范职业技术学校", "成都市人力资源和社会保障局", DATE,
                "https://rst.sc.gov.cn/directory", "Y000051010001", DATE, DATE.plusYears(3).minusDays(1));
    }

    @Benchmark
    public String text() {
        return ResultNoticeText.of(facts).text();
    }

    @Benchmark
    public byte[] pdf() {
        return pdf.render(ResultNoticeText.of(facts), DATE);
    }

    @Benchmark
    public Object textPdfAndSignatures() throws SigningException {
        ResultNoticeText text = ResultNoticeText.of(facts);
        byte[] bytes = pdf.render(text, DATE);
        return new Object[] {signer.sign(text.bytes()), signer.sign(bytes)};
    }
}
