package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.KafkaTestClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Issue 4 on the whole platform: one request is one trace across the gateway, the command side's HTTP
 * handling, its database work and the Kafka publish, the event carries that trace id and the audit
 * consumer's span links to it; and each metric operators watch moves when what it measures happens.
 * Spans of every service go to one in-memory exporter.
 */
class PlatformObservabilityIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @TempDir
    static Path data;
    static Platform platform;
    private final GatewayClient gateway = new GatewayClient(platform.gatewayUrl());

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start(PlatformSettings.anyPorts(data), application -> application.initializers(
                context -> ((GenericApplicationContext) context).registerBean("inMemorySpanExporter", SpanExporter.class,
                        () -> SPANS)));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void oneRequestIsOneTraceFromTheGatewayToTheKafkaPublishAndTheAuditConsumerLinksToIt() {
        Tenant tenant = newTenant();

        HttpResponse<String> created = createTask(tenant, "Traced");
        assertThat(created.statusCode()).isEqualTo(201);
        String traceId = created.headers().firstValue("X-Trace-Id").orElseThrow();
        String taskId = json(created).get("taskId").asText();

        SpanData gatewaySpan = awaitSpan(span -> span.getTraceId().equals(traceId) && service(span, "api-gateway")
                && span.getKind() == SpanKind.SERVER);
        SpanData httpSpan = awaitSpan(span -> span.getTraceId().equals(traceId) && service(span, "command-side")
                && span.getKind() == SpanKind.SERVER);
        SpanData appendSpan = awaitSpan(span -> span.getTraceId().equals(traceId) && service(span, "command-side")
                && span.getName().equals("query") && mentions(span, "domain_event_entry"));
        SpanData publishSpan = awaitSpan(span -> span.getTraceId().equals(traceId) && service(span, "command-side")
                && span.getKind() == SpanKind.PRODUCER && span.getName().equals(Topics.WORKFLOW_TASK_CREATED + " publish"));
        assertThat(List.of(gatewaySpan, httpSpan, appendSpan, publishSpan)).extracting(SpanData::getTraceId)
                .containsOnly(traceId);
        assertThat(httpSpan.getParentSpanContext().getTraceId()).isEqualTo(traceId);

        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            var envelope = await().atMost(PATIENCE).until(() -> kafka.read(Topics.WORKFLOW_TASK_CREATED, tenant.organizationId())
                    .stream().filter(e -> e.data().get("taskId").asText().equals(taskId)).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertThat(envelope.text("traceId")).isEqualTo(traceId);
            assertThat(envelope.headers().get("traceparent")).contains(publishSpan.getSpanId());
        }

        SpanData auditSpan = awaitSpan(span -> service(span, "audit-projection")
                && span.getLinks().stream().anyMatch(link -> link.getSpanContext().getTraceId().equals(traceId)));
        assertThat(auditSpan.getTraceId()).isNotEqualTo(traceId);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        try {
            return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> SPANS.getFinishedSpanItems().stream().filter(wanted).findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder("no such span; spans seen:");
            SPANS.getFinishedSpanItems().stream().filter(span -> !span.getName().equals("connection")
                            && !span.getName().equals("result-set"))
                    .forEach(span -> seen.append("\n  ").append(span.getResource().getAttribute(SERVICE))
                    .append(' ').append(span.getKind()).append(" '").append(span.getName()).append("' trace=")
                    .append(span.getTraceId()).append(" parent=").append(span.getParentSpanId())
                    .append(" links=").append(span.getLinks().size()).append(' ').append(span.getAttributes()));
            throw new AssertionError(seen.toString(), e);
        }
    }

    private static boolean service(SpanData span, String name) {
        return name.equals(span.getResource().getAttribute(SERVICE));
    }

    private static boolean mentions(SpanData span, String text) {
        return span.getAttributes().asMap().values().stream()
                .anyMatch(value -> value.toString().toLowerCase().contains(text));
    }

    record Tenant(String token, String organizationId, String projectId) {
    }

    private Tenant newTenant() {
        String token = gateway.signUpAndLogIn("observed-" + UUID.randomUUID().toString().substring(0, 8));
        String organizationId = json(gateway.send("POST", "/organizations", token, null, "{\"name\":\"Observed\"}"))
                .get("organizationId").asText();
        HttpResponse<String> project = await().atMost(PATIENCE).until(
                () -> gateway.send("POST", "/workflow/projects", token, organizationId, "{\"name\":\"Watched\"}"),
                r -> r.statusCode() == 201);
        return new Tenant(token, organizationId, json(project).get("projectId").asText());
    }

    private HttpResponse<String> createTask(Tenant tenant, String title) {
        return gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + title + "\"}");
    }
}
