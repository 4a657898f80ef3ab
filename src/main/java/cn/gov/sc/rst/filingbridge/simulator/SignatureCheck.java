package cn.gov.sc.rst.filingbridge.simulator;

import java.util.function.Function;

/** How a simulator checks the sender's signature, as the real system would; returns the signer's subject. */
@FunctionalInterface
public interface SignatureCheck {

    String verify(byte[] body, Function<String, String> header) throws Exception;
}
