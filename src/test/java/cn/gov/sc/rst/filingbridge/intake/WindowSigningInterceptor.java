package cn.gov.sc.rst.filingbridge.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.cxf.interceptor.StaxOutEndingInterceptor;
import org.apache.cxf.interceptor.StaxOutInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Client-side CXF interceptor that signs each request as the window requires: it holds back the serialized SOAP
 * message, computes the HMAC-SM3 over its exact bytes and sends the X-App-* headers with it. The timestamp comes
 * from the given clock, so that it agrees with the gateway's clock in tests that fix it.
 */
final class WindowSigningInterceptor extends AbstractPhaseInterceptor<Message> {

    private final String appId;
    private final String secret;
    private final String path;
    private final Clock clock;

    WindowSigningInterceptor(String appId, String secret, String path, Clock clock) {
        super(Phase.PRE_STREAM);
        addBefore(StaxOutInterceptor.class.getName());
        this.appId = appId;
        this.secret = secret;
        this.path = path;
        this.clock = clock;
    }

    @Override
    public void handleMessage(Message message) {
        OutputStream wire = message.getContent(OutputStream.class);
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        message.setContent(OutputStream.class, held);
        message.getInterceptorChain().add(new Ending(wire, held));
    }

    /** Runs after the message is fully written: adds the signature headers, then releases the bytes to the wire. */
    private final class Ending extends AbstractPhaseInterceptor<Message> {

        private final OutputStream wire;
        private final ByteArrayOutputStream held;

        Ending(OutputStream wire, ByteArrayOutputStream held) {
            super(Phase.PRE_STREAM_ENDING);
            addAfter(StaxOutEndingInterceptor.class.getName());
            this.wire = wire;
            this.held = held;
        }

        @Override
        public void handleMessage(Message message) {
            byte[] body = held.toByteArray();
            String timestamp = Long.toString(clock.millis());
            String nonce = UUID.randomUUID().toString();
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
            if (headers == null) {
                headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                message.put(Message.PROTOCOL_HEADERS, headers);
            }
            headers.put(WindowSignature.APP_ID, new ArrayList<>(List.of(appId)));
            headers.put(WindowSignature.TIMESTAMP, new ArrayList<>(List.of(timestamp)));
            headers.put(WindowSignature.NONCE, new ArrayList<>(List.of(nonce)));
            headers.put(WindowSignature.SIGNATURE,
                    new ArrayList<>(List.of(WindowSignature.sign(secret, "POST", path, timestamp, nonce, body))));
            try {
                wire.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            message.setContent(OutputStream.class, wire);
        }
    }
}
