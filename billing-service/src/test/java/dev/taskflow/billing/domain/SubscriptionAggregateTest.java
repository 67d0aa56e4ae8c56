package dev.taskflow.billing.domain;

import dev.taskflow.api.Plan;
import dev.taskflow.api.billing.ChangePlanCommand;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.billing.StartSubscriptionCommand;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionAggregateTest {

    private static final String ORG = "org-1";
    private static final Instant EARLIER = Instant.parse("2025-01-01T00:00:00Z");

    private AggregateTestFixture<Subscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Subscription.class);
    }

    private EntitlementsUpdatedEvent updated(Plan plan, Instant at) {
        return new EntitlementsUpdatedEvent(ORG, plan, plan.maxProjects(), plan.maxTasks(), at);
    }

    @Test
    void startingANewSubscriptionGrantsTheFreePlan() {
        fixture.givenNoPriorActivity()
                .when(new StartSubscriptionCommand(ORG))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new EntitlementsUpdatedEvent(ORG, Plan.FREE, 3, 25, fixture.currentTime()));
    }

    @Test
    void startingAgainIsANoOp() {
        fixture.given(updated(Plan.FREE, EARLIER))
                .when(new StartSubscriptionCommand(ORG))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLateStartDoesNotDowngradeAChosenPlan() {
        fixture.given(updated(Plan.TEAM, EARLIER))
                .when(new StartSubscriptionCommand(ORG))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void changingThePlanPublishesItsLimits() {
        fixture.given(updated(Plan.FREE, EARLIER))
                .when(new ChangePlanCommand(ORG, Plan.TEAM, "owner"))
                .expectEvents(new EntitlementsUpdatedEvent(ORG, Plan.TEAM, 50, 10_000, fixture.currentTime()));
    }

    @Test
    void enterpriseIsUnlimited() {
        fixture.given(updated(Plan.TEAM, EARLIER))
                .when(new ChangePlanCommand(ORG, Plan.ENTERPRISE, "owner"))
                .expectEvents(new EntitlementsUpdatedEvent(ORG, Plan.ENTERPRISE, -1, -1, fixture.currentTime()));
    }

    @Test
    void downgradingIsAllowed() {
        fixture.given(updated(Plan.ENTERPRISE, EARLIER))
                .when(new ChangePlanCommand(ORG, Plan.FREE, "owner"))
                .expectEvents(new EntitlementsUpdatedEvent(ORG, Plan.FREE, 3, 25, fixture.currentTime()));
    }

    @Test
    void changingToTheCurrentPlanIsANoOp() {
        fixture.given(updated(Plan.TEAM, EARLIER))
                .when(new ChangePlanCommand(ORG, Plan.TEAM, "owner"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPlanChangeBeforeOrganizationCreatedStartsTheSubscription() {
        fixture.givenNoPriorActivity()
                .when(new ChangePlanCommand(ORG, Plan.TEAM, "owner"))
                .expectEvents(new EntitlementsUpdatedEvent(ORG, Plan.TEAM, 50, 10_000, fixture.currentTime()));
    }

    @Test
    void aPlanIsRequired() {
        fixture.given(updated(Plan.FREE, EARLIER))
                .when(new ChangePlanCommand(ORG, null, "owner"))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }
}
