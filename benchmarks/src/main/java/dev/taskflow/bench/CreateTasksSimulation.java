package dev.taskflow.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.holdFor;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.reachRps;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code POST /workflow/tasks} through the gateway, spread over the tenants, as {@link LoadPlan#current()} says. */
public class CreateTasksSimulation extends Simulation {

    private final LoadPlan plan = LoadPlan.current();
    private final AtomicLong sequence = new AtomicLong();

    public CreateTasksSimulation() {
        ChainBuilder create = exec(session -> {
            int tenant = session.getInt("tenant");
            return session.set("correlationId", plan.nextCorrelationId(tenant))
                    .set("title", "bench task " + sequence.incrementAndGet());
        }).exec(http("create task").post("/workflow/tasks")
                .header("Authorization", "Bearer #{token}")
                .header("X-Organization-Id", "#{org}")
                .header("X-Correlation-ID", "#{correlationId}")
                .body(StringBody("{\"projectId\":\"#{project}\",\"title\":\"#{title}\"}"))
                .check(status().saveAs("status"), responseTimeInMillis().saveAs("latency"),
                        jsonPath("$.taskId").optional().saveAs("taskId"), status().is(201)))
                .exec(this::record);

        ScenarioBuilder scenario = scenario(plan.phase()).feed(tenants());
        PopulationBuilder population;
        if (plan.open()) {
            population = scenario.exec(create).injectOpen(constantUsersPerSec(plan.rate()).during(plan.duration()));
        } else {
            population = scenario.during(plan.duration()).on(create).injectOpen(atOnceUsers(plan.users()));
        }
        SetUp setUp = setUp(population.protocols(http.baseUrl(plan.baseUrl()).shareConnections()
                .acceptHeader("application/json").contentTypeHeader("application/json")));
        if (!plan.open() && plan.rate() > 0) {
            setUp.throttle(reachRps((int) Math.max(1, Math.round(plan.rate()))).in(Duration.ofSeconds(1)),
                    holdFor(plan.duration().plusSeconds(5)));
        }
    }

    private Session record(Session session) {
        int status = session.contains("status") ? session.getInt("status") : 0;
        long latency = session.contains("latency") ? session.getLong("latency") : -1;
        String taskId = status == 201 && session.contains("taskId") ? session.getString("taskId") : null;
        plan.recorder().record(new LoadRecorder.Request(System.currentTimeMillis(), latency, status,
                session.getInt("tenant"), taskId, session.getString("correlationId")));
        return session.remove("status").remove("latency").remove("taskId").markAsSucceeded();
    }

    /** Tenants in turn, for ever: each new virtual user takes the next one. */
    private Iterator<Map<String, Object>> tenants() {
        AtomicLong next = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                int index = (int) (next.getAndIncrement() % plan.tenants().size());
                Tenants.Tenant tenant = plan.tenants().get(index);
                return Map.of("tenant", index, "token", tenant.token(), "org", tenant.organizationId(),
                        "project", tenant.projectId());
            }
        };
    }
}
