package cn.gov.sc.rst.filingbridge.notice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The notice font. Under the {@code prod} profile it is loaded at startup and a missing or unusable font stops the
 * application; elsewhere a missing font is logged as a warning at startup and each notice fails with the same error.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NoticeProperties.class)
class NoticeConfig {

    static final String PROD_PROFILE = "prod";

    private static final Logger log = LoggerFactory.getLogger(NoticeConfig.class);

    @Bean
    NoticeFontSource noticeFontSource(NoticeProperties properties, Environment environment) {
        NoticeFontSource source = new NoticeFontSource(properties.fontPath());
        if (environment.matchesProfiles(PROD_PROFILE)) {
            log.info("Result notices are set in {}", source.font());
        } else {
            try {
                log.info("Result notices are set in {}", source.font());
            } catch (NoticeFontException e) {
                log.warn("Result notices cannot be issued until the font is there: {}", e.getMessage());
            }
        }
        return source;
    }
}
