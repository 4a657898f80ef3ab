package cn.gov.sc.rst.filingbridge.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.util.unit.DataSize;

/** The gateway's JMS consumers buffer nothing ahead by default, whatever wraps Artemis' factory; an operator can say otherwise. */
class BrokerConsumerWindowTest {

    @Test
    void theFactoryInsideSpringBootsCachingWrapperGetsNoBufferByDefault() {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");
        assertThat(artemis.getConsumerWindowSize()).isEqualTo(ActiveMQClient.DEFAULT_CONSUMER_WINDOW_SIZE);

        Object bean = DeliveryWiring.brokerConsumerWindow(DataSize.ofBytes(0))
                .postProcessBeforeInitialization(new CachingConnectionFactory(artemis), "jmsConnectionFactory");

        assertThat(bean).isInstanceOf(CachingConnectionFactory.class);
        assertThat(artemis.getConsumerWindowSize()).isZero();
    }

    @Test
    void anOperatorsWindowIsTakenAsADataSizeAndMinusOneIsUnbounded() {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("tcp://broker.example:61616");
        BeanPostProcessor window = DeliveryWiring.brokerConsumerWindow(DataSize.parse("64KB"));
        window.postProcessBeforeInitialization(artemis, "connectionFactory");
        assertThat(artemis.getConsumerWindowSize()).isEqualTo(64 * 1024);

        DeliveryWiring.brokerConsumerWindow(DataSize.parse("-1"))
                .postProcessBeforeInitialization(artemis, "connectionFactory");
        assertThat(artemis.getConsumerWindowSize()).isEqualTo(-1);
    }

    @Test
    void aWindowTooLargeForArtemisIsRefusedNotWrapped() {
        BeanPostProcessor window = DeliveryWiring.brokerConsumerWindow(DataSize.parse("4GB"));
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");
        assertThatThrownBy(() -> window.postProcessBeforeInitialization(artemis, "connectionFactory"))
                .isInstanceOf(ArithmeticException.class);
        assertThat(artemis.getConsumerWindowSize()).isEqualTo(ActiveMQClient.DEFAULT_CONSUMER_WINDOW_SIZE);
    }

    @Test
    void otherBeansAreLeftAlone() {
        Object other = new Object();
        assertThat(DeliveryWiring.brokerConsumerWindow(DataSize.ofBytes(0))
                .postProcessBeforeInitialization(other, "something")).isSameAs(other);
    }
}
