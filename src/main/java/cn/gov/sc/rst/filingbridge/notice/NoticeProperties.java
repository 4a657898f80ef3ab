package cn.gov.sc.rst.filingbridge.notice;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.notices.*}. {@code font-path}: the TrueType CJK font of the notice PDFs, {@code classpath:…} or a file
 * path; by default the Noto Sans SC the build packages ({@value NoticeFont#DEFAULT_RESOURCE}).
 */
@ConfigurationProperties("bridge.notices")
public record NoticeProperties(@DefaultValue("classpath:" + NoticeFont.DEFAULT_RESOURCE) String fontPath) {
}
