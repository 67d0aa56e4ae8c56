package dev.taskflow.workflow.task.command;

import dev.taskflow.api.workflow.CreateTaskCommand;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.workflow.admission.Admission;
import dev.taskflow.workflow.admission.PlanLimitReachedException;
import dev.taskflow.workflow.admission.UnknownProjectException;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123Z");

    private final AggregateTestFixture<Task> fixture = new AggregateTestFixture<>(Task.class);
    private final FakeAdmission admission = new FakeAdmission();

    @BeforeEach
    void setUp() {
        fixture.registerInjectableResource(admission);
    }

    @Test
    void createsATaskWithinThePlan() {
        fixture.givenNoPriorActivity()
                .when(new CreateTaskCommand("t1", "org1", "p1", "Write docs", "long text", "u1", NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TaskCreatedEvent("org1", "p1", "t1", "Write docs", "u1", NOW, "long text"));
    }

    @Test
    void refusesATaskOverThePlansTaskLimit() {
        admission.taskLimitReached = true;
        fixture.givenNoPriorActivity()
                .when(new CreateTaskCommand("t1", "org1", "p1", "Write docs", null, "u1", NOW))
                .expectException(PlanLimitReachedException.class)
                .expectNoEvents();
    }

    @Test
    void refusesATaskInAProjectOfAnotherOrganization() {
        admission.projectUnknown = true;
        fixture.givenNoPriorActivity()
                .when(new CreateTaskCommand("t1", "org1", "p-elsewhere", "Write docs", null, "u1", NOW))
                .expectException(UnknownProjectException.class)
                .expectNoEvents();
    }

    static final class FakeAdmission implements Admission {
        boolean taskLimitReached;
        boolean projectUnknown;

        @Override
        public void admitProject(String organizationId) {
        }

        @Override
        public void admitTask(String organizationId, String projectId) {
            if (projectUnknown) {
                throw new UnknownProjectException(projectId);
            }
            if (taskLimitReached) {
                throw new PlanLimitReachedException("FREE", "tasks", 25);
            }
        }
    }
}
