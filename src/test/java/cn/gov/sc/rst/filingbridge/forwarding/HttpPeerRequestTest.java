package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpPeerRequestTest {

    private static final OffsetDateTime QUEUED = OffsetDateTime.parse("2026-12-07T10:00:00+08:00");

    private static Deliveries.Pending pending(long recordId) {
        return new Deliveries.Pending(recordId, "case-1", "case-1:1", "{}", DeliveryTarget.PLATFORM, 1, QUEUED);
    }

    /**
     * The answer is settled against the record the request was made for (PlatformDelivery bounds an SMS's sentAt by
     * it); the request's id and Idempotency-Key are that record's, so they cannot disagree with it.
     */
    @Test
    void aRequestCarriesTheRecordItWasMadeFor() {
        HttpPeerRequest request = new HttpPeerRequest(pending(7), "/p", new byte[0], Map.of(), null);

        assertThat(request.record().createdAt()).isEqualTo(QUEUED);
        assertThat(request.recordId()).isEqualTo(7);
        assertThat(request.idempotencyKey()).isEqualTo("case-1:1");
        assertThatThrownBy(() -> new HttpPeerRequest(null, "/p", new byte[0], Map.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("outbound record");
    }
}
