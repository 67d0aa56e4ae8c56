package dev.taskflow.workflow.project.command;

import dev.taskflow.api.workflow.CreateProjectCommand;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.workflow.admission.Admission;
import dev.taskflow.workflow.admission.PlanLimitReachedException;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class ProjectTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123Z");

    private final AggregateTestFixture<Project> fixture = new AggregateTestFixture<>(Project.class);

    @Test
    void createsAProjectWithinThePlan() {
        fixture.registerInjectableResource(admission(false));
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand("p1", "org1", "Launch", "u1", NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProjectCreatedEvent("org1", "p1", "Launch", "u1", NOW));
    }

    @Test
    void refusesAProjectOverThePlansProjectLimit() {
        fixture.registerInjectableResource(admission(true));
        fixture.givenNoPriorActivity()
                .when(new CreateProjectCommand("p1", "org1", "Launch", "u1", NOW))
                .expectException(PlanLimitReachedException.class)
                .expectNoEvents();
    }

    private static Admission admission(boolean limitReached) {
        return new Admission() {
            @Override
            public void admitProject(String organizationId) {
                if (limitReached) {
                    throw new PlanLimitReachedException("FREE", "projects", 3);
                }
            }

            @Override
            public void admitTask(String organizationId, String projectId) {
            }
        };
    }
}
