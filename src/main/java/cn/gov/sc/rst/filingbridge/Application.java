package cn.gov.sc.rst.filingbridge;

import cn.gov.sc.rst.filingbridge.signing.SigningWarmUp;
import cn.gov.sc.rst.filingbridge.wiring.EmbeddedPostgresEarlyStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The skills-filing bridge gateway: platform window in, skills system and ministry out. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Application {

    public static void main(String[] args) {
        // Bouncy Castle's provider and SM2 arithmetic are prepared beside the context: about half a second of the main
        // thread's work; on two cores readiness did not measurably change (docs/benchmarks.md)
        SigningWarmUp.start();
        SpringApplication application = new SpringApplication(Application.class);
        // the embedded PostgreSQL starts beside the context instead of before its pool (about 1 s of readiness)
        application.addListeners(new EmbeddedPostgresEarlyStart());
        application.run(args);
    }
}
