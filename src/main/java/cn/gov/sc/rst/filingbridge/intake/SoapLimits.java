package cn.gov.sc.rst.filingbridge.intake;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Parser limits for the SOAP window ({@code bridge.intake.soap.*}), applied by CXF's StAX reader before any request
 * reaches the route. The defaults fit the largest case the contract admits (2,000 assessors, inline materials of the
 * gateway's 2 MiB limit as Base64) with room to spare, and nothing much bigger.
 */
@ConfigurationProperties("bridge.intake.soap")
public record SoapLimits(
        @DefaultValue("100000") long maxElementCount,
        @DefaultValue("16777216") long maxXmlCharacters,
        @DefaultValue("2500") int maxChildElements,
        @DefaultValue("32") int maxElementDepth,
        @DefaultValue("32") int maxAttributeCount,
        @DefaultValue("4096") int maxAttributeSize,
        @DefaultValue("4194304") int maxTextLength) {

    /** The limits as CXF endpoint properties (see {@code org.apache.cxf.staxutils.StaxUtils}). */
    public Map<String, Object> asCxfProperties() {
        return Map.of(
                "org.apache.cxf.stax.maxElementCount", maxElementCount,
                "org.apache.cxf.stax.maxXMLCharacters", maxXmlCharacters,
                "org.apache.cxf.stax.maxChildElements", maxChildElements,
                "org.apache.cxf.stax.maxElementDepth", maxElementDepth,
                "org.apache.cxf.stax.maxAttributeCount", maxAttributeCount,
                "org.apache.cxf.stax.maxAttributeSize", maxAttributeSize,
                "org.apache.cxf.stax.maxTextLength", maxTextLength);
    }
}
