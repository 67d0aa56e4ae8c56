package dev.taskflow.audit;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context of this module's integration tests (same settings, so Spring shares it:
 * two contexts would run two "audit-trail" processors on one token table). Retries are short here, so a
 * failing event reaches the dead-letter queue in well under a second.
 */
@Import(ServiceCredentialForTests.SentByTestRestTemplate.class)
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
        "spring.config.name=audit-projection",
        "taskflow.consumer.retry.max-attempts=3",
        "taskflow.consumer.retry.initial-interval=20ms",
        "taskflow.consumer.retry.max-interval=100ms",
        // a rebuild that keeps failing is abandoned after 3 s rather than 2 min
        "taskflow.operations.rebuild.give-up-after=3s",
        // a database that refuses connections shows within 2 s, not Hikari's default 30 s
        "spring.datasource.hikari.connection-timeout=2000"})
abstract class AuditIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static KafkaTestClient events;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "audit");
        ServiceCredentialForTests.register(registry);
    }

    @BeforeAll
    static void producer() {
        events = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }
}
