package dev.taskflow.support.messaging;

import dev.taskflow.support.observability.KafkaHealthIndicator;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The envelope converter and Kafka settings, shared by publication and consumption. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaMessagingProperties.class)
class KafkaEnvelopeConfiguration {

    @Bean
    EnvelopeKafkaMessageConverter envelopeKafkaMessageConverter(KafkaMessagingProperties properties) {
        return new EnvelopeKafkaMessageConverter(properties.source());
    }

    /** Health component {@code kafka} (in the readiness group of every service that uses the broker). */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaMessagingProperties properties) {
        return new KafkaHealthIndicator(properties.bootstrapServers(), Duration.ofSeconds(2));
    }

    @Bean
    TopicsReady kafkaTopicsReady(KafkaMessagingProperties properties) {
        return new TopicsReady(properties);
    }

    /** Makes sure the platform's topics exist before any processor starts reading or writing them. */
    static final class TopicsReady implements org.springframework.beans.factory.InitializingBean {
        private final KafkaMessagingProperties properties;

        TopicsReady(KafkaMessagingProperties properties) {
            this.properties = properties;
        }

        @Override
        public void afterPropertiesSet() {
            TopicProvisioner.ensureAll(properties);
        }
    }
}
