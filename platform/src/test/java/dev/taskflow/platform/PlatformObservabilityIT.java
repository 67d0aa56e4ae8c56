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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void eachMetricOperatorsWatchExistsAndMovesWhenWhatItMeasuresHappens() throws Exception {
        Tenant tenant = newTenant();
        int gatewayPort = platform.port("api-gateway");
        int command = platform.port("command-side");
        int audit = platform.port("audit-projection");
        String taskTopic = Topics.WORKFLOW_TASK_CREATED;

        // HTTP latency and errors per route, at the gateway and the command side; DB queries; publishing; consumers
        Metric created = new Metric(command, "http_server_requests_seconds_count",
                Map.of("application", "command-side", "uri", "/workflow/tasks", "method", "POST", "status", "201"));
        Metric refused = new Metric(command, "http_server_requests_seconds_count",
                Map.of("uri", "/workflow/tasks", "status", "400", "outcome", "CLIENT_ERROR"));
        Metric routed = new Metric(gatewayPort, "spring_cloud_gateway_requests_seconds_count",
                Map.of("application", "api-gateway", "routeId", "workflow-commands", "outcome", "SUCCESSFUL"));
        Metric routedErrors = new Metric(gatewayPort, "spring_cloud_gateway_requests_seconds_count",
                Map.of("routeId", "workflow-commands", "outcome", "CLIENT_ERROR"));
        Metric queries = new Metric(command, "jdbc_query_seconds_count", Map.of("application", "command-side"));
        Metric published = new Metric(command, "kafka_publish_seconds_count", Map.of("topic", taskTopic, "outcome", "success"));
        Metric handled = new Metric(audit, "consumer_processing_latency_seconds_count",
                Map.of("processingGroup", "audit-trail", "topic", taskTopic));
        List<Metric> moving = List.of(created, refused, routed, routedErrors, queries, published, handled);
        Map<Metric, Double> before = snapshot(moving);

        assertThat(createTask(tenant, "Counted").statusCode()).isEqualTo(201);
        assertThat(createTask(tenant, "").statusCode()).isEqualTo(400);

        for (Metric metric : moving) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(metric.value()).as(metric.toString())
                    .isGreaterThan(before.get(metric)));
        }
        assertThat(new Metric(audit, "consumer_processing_latency_seconds_bucket",
                Map.of("processingGroup", "audit-trail")).value()).as("latency histogram").isPositive();

        // a database error in a consumer, and the event dead-lettered (DLQ rate)
        Metric dbErrors = new Metric(audit, "jdbc_query_seconds_count", Map.of("application", "audit-projection", "error", "!none"));
        Metric deadLettered = new Metric(audit, "consumer_dead_letters_enqueued_total", Map.of("application", "audit-projection"));
        double dbErrorsBefore = Math.max(0, dbErrors.value());
        double deadLetteredBefore = Math.max(0, deadLettered.value());
        String refusedTitle = "refused-" + UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(platform.postgres().jdbcUrl("audit"), "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute("""
                    create or replace function refuse_metered() returns trigger as $$
                    begin
                      if new.data ->> 'title' = '%s' then raise exception 'refused by fault injection'; end if;
                      return new;
                    end $$ language plpgsql""".formatted(refusedTitle));
            sql.execute("create trigger refuse_metered before insert on audit_record for each row execute function refuse_metered()");
            try {
                assertThat(createTask(tenant, refusedTitle).statusCode()).isEqualTo(201);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(dbErrors.value()).as(dbErrors.toString()).isGreaterThan(dbErrorsBefore);
                    assertThat(deadLettered.value()).as(deadLettered.toString()).isGreaterThan(deadLetteredBefore);
                });
            } finally {
                sql.execute("drop trigger if exists refuse_metered on audit_record");
                sql.execute("drop function if exists refuse_metered()");
            }
        }

        // consumer lag in records and seconds: audit's handler is held while a task waits behind it
        Metric lagRecords = new Metric(audit, "consumer_lag_records", Map.of("processingGroup", "audit-trail", "topic", taskTopic));
        Metric lagSeconds = new Metric(audit, "consumer_lag_seconds", Map.of("processingGroup", "audit-trail", "topic", taskTopic));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(lagRecords.value()).isZero());
        String heldTitle = "held-" + UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(platform.postgres().jdbcUrl("audit"), "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute("""
                    create or replace function hold_metered() returns trigger as $$
                    begin
                      if new.data ->> 'title' = '%s' then perform pg_advisory_xact_lock_shared(7201); end if;
                      return new;
                    end $$ language plpgsql""".formatted(heldTitle));
            sql.execute("create trigger hold_metered before insert on audit_record for each row execute function hold_metered()");
            sql.execute("select pg_advisory_lock(7201)");
            try {
                assertThat(createTask(tenant, heldTitle).statusCode()).isEqualTo(201);
                assertThat(createTask(tenant, "Behind it").statusCode()).isEqualTo(201);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(lagRecords.value()).as(lagRecords.toString()).isGreaterThanOrEqualTo(1);
                    assertThat(lagSeconds.value()).as(lagSeconds.toString()).isGreaterThan(1.0);
                });
            } finally {
                sql.execute("select pg_advisory_unlock(7201)");
                sql.execute("drop trigger if exists hold_metered on audit_record");
                sql.execute("drop function if exists hold_metered()");
            }
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(lagRecords.value()).isZero();
            assertThat(lagSeconds.value()).isZero();
        });

        // Kafka producer errors and the outbox backlog: the broker is stopped while a task is created
        Metric publishErrors = new Metric(command, "kafka_publish_errors_total", Map.of("topic", taskTopic));
        Metric backlog = new Metric(command, "outbox_backlog_events", Map.of("application", "command-side"));
        Metric backlogAge = new Metric(command, "outbox_backlog_age_seconds", Map.of("application", "command-side"));
        double publishErrorsBefore = Math.max(0, publishErrors.value());
        assertThat(backlog.value()).isGreaterThanOrEqualTo(0);
        platform.kafka().stop();
        try {
            assertThat(createTask(tenant, "While the broker is down").statusCode()).isEqualTo(201);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(publishErrors.value()).as(publishErrors.toString()).isGreaterThan(publishErrorsBefore);
                assertThat(backlog.value()).as(backlog.toString()).isGreaterThanOrEqualTo(1);
                assertThat(backlogAge.value()).as(backlogAge.toString()).isPositive();
            });
        } finally {
            platform.kafka().start();
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog.value()).isZero());
        assertThat(new Metric(gatewayPort, "resilience4j_circuitbreaker_state",
                Map.of("name", "command-side", "state", "closed")).value()).isEqualTo(1.0);
    }

    @Test
    void readinessNeedsTheDatabaseAndShowsKafkaWithoutFailingOnIt() {
        GatewayClient commandSide = new GatewayClient("http://localhost:" + platform.port("command-side"));
        HttpResponse<String> ready = commandSide.send("GET", "/actuator/health/readiness", null, null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(json(ready).at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(commandSide.send("GET", "/actuator/health/liveness", null, null, null).statusCode()).isEqualTo(200);

        platform.kafka().stop();
        try {
            HttpResponse<String> withoutKafka = await().atMost(PATIENCE).until(
                    () -> commandSide.send("GET", "/actuator/health/readiness", null, null, null),
                    r -> json(r).at("/components/kafka/status").asText().equals("DEGRADED"));
            assertThat(withoutKafka.statusCode()).isEqualTo(200);
        } finally {
            platform.kafka().start();
        }

        platform.postgres().stop();
        try {
            HttpResponse<String> withoutDatabase = await().atMost(PATIENCE).until(
                    () -> commandSide.send("GET", "/actuator/health/readiness", null, null, null),
                    r -> r.statusCode() == 503);
            assertThat(json(withoutDatabase).at("/components/db/status").asText()).isEqualTo("DOWN");
        } finally {
            platform.postgres().start();
        }
        await().atMost(PATIENCE).until(
                () -> commandSide.send("GET", "/actuator/health/readiness", null, null, null).statusCode() == 200);
    }

    /** One time series (or the sum of several) of one service's Prometheus endpoint. */
    private record Metric(int port, String name, Map<String, String> labels) {
        double value() {
            return PrometheusScrape.of(port).sum(name, labels);
        }
    }

    private static Map<Metric, Double> snapshot(List<Metric> metrics) {
        Map<Metric, Double> values = new HashMap<>();
        metrics.forEach(metric -> values.put(metric, Math.max(0, metric.value())));
        return values;
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
