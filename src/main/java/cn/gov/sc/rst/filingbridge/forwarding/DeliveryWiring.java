package cn.gov.sc.rst.filingbridge.forwarding;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * HTTP timeouts for peers (no hidden client retries), the embedded broker's safety net for messages that keep failing,
 * and how much the gateway's JMS consumers buffer ahead.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryWiring {

    @Bean
    ComponentCustomizer peerHttpTimeouts(DeliveryProperties delivery) {
        return ComponentCustomizer.forType(HttpComponent.class, http -> {
            http.setConnectTimeout((int) delivery.connectTimeout().toMillis());
            http.setConnectionRequestTimeout((int) delivery.connectTimeout().toMillis());
            http.setResponseTimeout((int) delivery.readTimeout().toMillis());
            http.setSoTimeout((int) delivery.readTimeout().toMillis());
            // HttpClient would otherwise re-send once after 1 s on 503/429 and I/O errors, behind the schedule's back
            http.setAutomaticRetriesDisabled(true);
            http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        });
    }

    /**
     * Routes move a message that failed five times to their own dead-letter queue with the reason; should a consumer
     * die before it can, the broker still never drops it: it waits between redeliveries and parks it in
     * {@code bridge.dead-letter}. (An external broker needs the same address settings; see the README.)
     */
    @Bean
    ArtemisConfigurationCustomizer bridgeAddressSettings(
            @Value("${bridge.broker.global-max-size:64MB}") DataSize globalMaxSize) {
        // Artemis keeps up to half of -Xmx of messages on the heap by default; past this cap it pages them to disk
        return configuration -> configuration.setGlobalMaxSize(globalMaxSize.toBytes()).addAddressSetting("bridge.#", new AddressSettings()
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000)
                .setMaxDeliveryAttempts(20)
                .setDeadLetterAddress(SimpleString.of("bridge.dead-letter"))
                .setAutoCreateDeadLetterResources(true));
    }

    /**
     * How much each JMS consumer of the gateway buffers ahead of what it has taken (Artemis' {@code consumerWindowSize},
     * 1 MiB per consumer by default). A consuming route takes one message per transaction and spends milliseconds on
     * it (a database transaction, a signed HTTP round trip), so a buffer of a thousand messages per consumer gained
     * nothing: under a backlog each of the 24 consumers held its window full, about 12,000 messages copied into the
     * gateway's heap beside the broker's own, and the messages one consumer had buffered could not go to an idle
     * consumer, or to another instance. With {@code 0} a consumer asks the broker for a message when it takes one.
     * Set here for the embedded and the external broker alike (on the factory Spring Boot builds, so before any
     * connection); {@code -1} restores Artemis' unbounded buffering.
     */
    @Bean
    static BeanPostProcessor brokerConsumerWindow(@Value("${bridge.broker.consumer-window-size:0}") DataSize window) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // Spring Boot's factory is a caching wrapper around Artemis' own
                if (bean instanceof jakarta.jms.ConnectionFactory factory
                        && ConnectionFactories.uncached(factory) instanceof ActiveMQConnectionFactory artemis) {
                    // a window past 2 GiB is a mistake: refuse it at start instead of wrapping it round
                    artemis.setConsumerWindowSize(Math.toIntExact(window.toBytes()));
                }
                return bean;
            }
        };
    }
}
