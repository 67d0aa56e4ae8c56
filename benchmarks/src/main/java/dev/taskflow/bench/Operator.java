package dev.taskflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operator API under /admin/** as the benchmarks use it. Tokens live 15 minutes; a run takes longer. */
final class Operator {

    /** One Kafka-reading processor: where it runs and how far behind it is (records summed over its topics, -1 unknown). */
    record ProcessorLag(String service, String processor, boolean running, long records) {
        String key() {
            return service + "/" + processor;
        }
    }

    private static final Duration TOKEN_REFRESH = Duration.ofMinutes(10);

    private final GatewayClient gateway;
    private final String username;
    private final String password;
    private String token;
    private Instant tokenAt = Instant.EPOCH;

    Operator(GatewayClient gateway, String username, String password) {
        this.gateway = gateway;
        this.username = username;
        this.password = password;
    }

    /** The same operator through a client with a short timeout: a sample that waits long is a missed sample. */
    Operator forSampling() {
        return new Operator(gateway.withTimeout(Duration.ofSeconds(5)), username, password);
    }

    synchronized String token() {
        if (Duration.between(tokenAt, Instant.now()).compareTo(TOKEN_REFRESH) > 0) {
            token = gateway.logIn(username, password);
            tokenAt = Instant.now();
        }
        return token;
    }

    /** Fails early with the reason when the account lacks the operator role. */
    void checkRole() {
        GatewayClient.Response answer = gateway.get("/admin/projections", token(), null);
        if (answer.status() != 200) {
            throw new IllegalStateException("user '" + username + "' cannot use /admin/** (" + answer.status()
                    + "): is it listed in IDENTITY_OPERATORS?");
        }
    }

    /** Every processor that reads Kafka, in every service that answered. */
    List<ProcessorLag> consumers() {
        JsonNode services = gateway.get("/admin/processors", token(), null).json().path("services");
        List<ProcessorLag> result = new ArrayList<>();
        for (JsonNode service : services) {
            for (JsonNode processor : service.path("processors")) {
                JsonNode lag = processor.path("lag");
                if (!lag.isArray() || lag.isEmpty()) {
                    continue;
                }
                // -1 is "unknown" (Kafka unreachable, the processor has no position yet, a failed measurement):
                // the known topics are summed, and a processor with none known is unknown, not caught up
                long records = -1;
                for (JsonNode topic : lag) {
                    long behind = topic.path("records").asLong(-1);
                    if (behind >= 0) {
                        records = Math.max(0, records) + behind;
                    }
                }
                result.add(new ProcessorLag(service.path("service").asText(), processor.path("name").asText(),
                        processor.path("running").asBoolean(), records));
            }
        }
        return result;
    }

    /** Events stored but not yet acknowledged by Kafka, per publishing service (as last measured there). */
    Map<String, Long> outbox() {
        Map<String, Long> backlog = new LinkedHashMap<>();
        for (JsonNode service : gateway.get("/admin/outbox", token(), null).json().path("services")) {
            JsonNode outbox = service.path("outbox");
            if (outbox.has("events")) {
                backlog.put(service.path("service").asText(), outbox.path("events").asLong());
            }
        }
        return backlog;
    }

    GatewayClient.Response pause(String service, String processor) {
        return gateway.post("/admin/processors/" + service + "/" + processor + "/pause", token(), null, null);
    }

    GatewayClient.Response resume(String service, String processor) {
        return gateway.post("/admin/processors/" + service + "/" + processor + "/resume", token(), null, null);
    }

    GatewayClient.Response rebuild(String projection, String swap) {
        return gateway.post("/admin/projections/" + projection + "/rebuild?swap=" + swap, token(), null, null);
    }

    GatewayClient.Response cancelRebuild(String projection) {
        return gateway.post("/admin/projections/" + projection + "/rebuild/cancel", token(), null, null);
    }

    /** The projection's {@code rebuild} object (state, processed, target, startedAt, finishedAt, …), or missing. */
    JsonNode rebuildStatus(String projection) {
        return gateway.get("/admin/projections/" + projection, token(), null).json().path("rebuild");
    }
}
