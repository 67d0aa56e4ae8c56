package dev.taskflow.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Organizations the load is spread over: one owner, one project, the ENTERPRISE plan each (FREE stops at 25
 * tasks with 402). Spreading matters: records are keyed by organization, so one tenant would use one partition.
 */
final class Tenants {

    static final String PASSWORD = "bench-secret-123";

    record Tenant(String username, String token, String organizationId, String projectId) {
    }

    private final GatewayClient gateway;

    Tenants(GatewayClient gateway) {
        this.gateway = gateway;
    }

    List<Tenant> create(String prefix, int count) {
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tenants.add(create(prefix + "-" + i));
        }
        // the command side learns the plan from Kafka; before that the FREE limit would answer 402
        sleep(Duration.ofSeconds(2));
        return tenants;
    }

    Tenant create(String username) {
        String token = gateway.signUpAndLogIn(username, PASSWORD);
        String org = gateway.post("/organizations", token, null, Map.of("name", username)).text("organizationId");
        if (org == null) {
            throw new IllegalStateException("organization of " + username + " was not created");
        }
        // billing and the command side learn the owner's membership from Kafka, usually within a second
        retry("plan of " + username, () -> gateway.put("/billing/organizations/" + org + "/plan", token, org,
                Map.of("plan", "ENTERPRISE")), 200);
        GatewayClient.Response project = retry("project of " + username,
                () -> gateway.post("/workflow/projects", token, org, Map.of("name", "bench")), 201);
        return new Tenant(username, token, org, project.text("projectId"));
    }

    /** The same tenants with fresh tokens: a run outlives the 15-minute token. */
    List<Tenant> refreshed(List<Tenant> tenants) {
        return tenants.stream()
                .map(t -> new Tenant(t.username(), gateway.logIn(t.username(), PASSWORD), t.organizationId(), t.projectId()))
                .toList();
    }

    static GatewayClient.Response retry(String what, Supplier<GatewayClient.Response> call, int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        GatewayClient.Response last;
        do {
            last = call.get();
            if (last.status() == expected) {
                return last;
            }
            sleep(Duration.ofMillis(200));
        } while (Instant.now().isBefore(deadline));
        throw new IllegalStateException(what + ": " + last.status() + " " + last.body());
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
