package dev.taskflow.organization.domain;

import dev.taskflow.api.Role;
import dev.taskflow.api.organization.AddMemberCommand;
import dev.taskflow.api.organization.CreateOrganizationCommand;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.api.organization.RemoveMemberCommand;
import dev.taskflow.organization.domain.OrganizationRuleException.LastOwner;
import dev.taskflow.organization.domain.OrganizationRuleException.MemberNotFound;
import dev.taskflow.organization.domain.OrganizationRuleException.PermissionDenied;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrganizationAggregateTest {

    private static final String ORG = "org-1";
    private static final String OWNER = "owner";
    private static final String ADMIN = "admin";
    private static final String MEMBER = "member";
    private static final String VIEWER = "viewer";
    private static final Instant EARLIER = Instant.parse("2025-01-01T00:00:00Z");

    private AggregateTestFixture<Organization> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Organization.class);
    }

    private Object[] existing() {
        return new Object[]{
                new OrganizationCreatedEvent(ORG, "Acme", OWNER, EARLIER),
                new MemberAddedEvent(ORG, OWNER, Role.OWNER, OWNER, EARLIER),
                new MemberAddedEvent(ORG, ADMIN, Role.ADMIN, OWNER, EARLIER),
                new MemberAddedEvent(ORG, MEMBER, Role.MEMBER, OWNER, EARLIER),
                new MemberAddedEvent(ORG, VIEWER, Role.VIEWER, OWNER, EARLIER)};
    }

    @Nested
    class Create {

        @Test
        void creatorBecomesOwner() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORG, "Acme", OWNER))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(
                            new OrganizationCreatedEvent(ORG, "Acme", OWNER, fixture.currentTime()),
                            new MemberAddedEvent(ORG, OWNER, Role.OWNER, OWNER, fixture.currentTime()));
        }

        @Test
        void blankNameIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORG, "  ", OWNER))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void nameLongerThanOneHundredIsRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORG, "x".repeat(101), OWNER))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }

        @Test
        void nameOfExactlyOneHundredIsAccepted() {
            String name = "x".repeat(100);
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORG, name, OWNER))
                    .expectEvents(
                            new OrganizationCreatedEvent(ORG, name, OWNER, fixture.currentTime()),
                            new MemberAddedEvent(ORG, OWNER, Role.OWNER, OWNER, fixture.currentTime()));
        }

        @Test
        void ownerIsRequired() {
            fixture.givenNoPriorActivity()
                    .when(new CreateOrganizationCommand(ORG, "Acme", null))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class AddMember {

        @Test
        void ownerAddsMember() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, "new", Role.MEMBER, OWNER))
                    .expectEvents(new MemberAddedEvent(ORG, "new", Role.MEMBER, OWNER, fixture.currentTime()));
        }

        @Test
        void adminAddsAdmin() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, "new", Role.ADMIN, ADMIN))
                    .expectEvents(new MemberAddedEvent(ORG, "new", Role.ADMIN, ADMIN, fixture.currentTime()));
        }

        @Test
        void memberRoleIsTooLow() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, "new", Role.VIEWER, MEMBER))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void viewerRoleIsTooLow() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, "new", Role.VIEWER, VIEWER))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void nonMemberIsRefused() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, "new", Role.VIEWER, "stranger"))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void onlyAnOwnerGrantsOwner() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, MEMBER, Role.OWNER, ADMIN))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void ownerGrantsOwner() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, MEMBER, Role.OWNER, OWNER))
                    .expectEvents(new MemberAddedEvent(ORG, MEMBER, Role.OWNER, OWNER, fixture.currentTime()));
        }

        @Test
        void adminCannotDemoteAnOwner() {
            fixture.given(existing())
                    .andGiven(new MemberAddedEvent(ORG, "second-owner", Role.OWNER, OWNER, EARLIER))
                    .when(new AddMemberCommand(ORG, "second-owner", Role.MEMBER, ADMIN))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void changingARoleEmitsMemberAddedWithTheNewRole() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, MEMBER, Role.ADMIN, ADMIN))
                    .expectEvents(new MemberAddedEvent(ORG, MEMBER, Role.ADMIN, ADMIN, fixture.currentTime()));
        }

        @Test
        void sameRoleAgainIsANoOp() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, MEMBER, Role.MEMBER, OWNER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void lastOwnerCannotBeDemoted() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, OWNER, Role.ADMIN, OWNER))
                    .expectException(LastOwner.class)
                    .expectNoEvents();
        }

        @Test
        void anOwnerMayStepDownWhenAnotherOwnerRemains() {
            fixture.given(existing())
                    .andGiven(new MemberAddedEvent(ORG, "second-owner", Role.OWNER, OWNER, EARLIER))
                    .when(new AddMemberCommand(ORG, OWNER, Role.ADMIN, OWNER))
                    .expectEvents(new MemberAddedEvent(ORG, OWNER, Role.ADMIN, OWNER, fixture.currentTime()));
        }

        @Test
        void removedMemberHasNoRightsLeft() {
            fixture.given(existing())
                    .andGiven(new MemberRemovedEvent(ORG, ADMIN, OWNER, EARLIER))
                    .when(new AddMemberCommand(ORG, "new", Role.VIEWER, ADMIN))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void roleIsRequired() {
            fixture.given(existing())
                    .when(new AddMemberCommand(ORG, "new", null, OWNER))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class RemoveMember {

        @Test
        void adminRemovesMember() {
            fixture.given(existing())
                    .when(new RemoveMemberCommand(ORG, MEMBER, ADMIN))
                    .expectEvents(new MemberRemovedEvent(ORG, MEMBER, ADMIN, fixture.currentTime()));
        }

        @Test
        void memberRoleIsTooLow() {
            fixture.given(existing())
                    .when(new RemoveMemberCommand(ORG, VIEWER, MEMBER))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void nonMemberCannotRemove() {
            fixture.given(existing())
                    .when(new RemoveMemberCommand(ORG, VIEWER, "stranger"))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void removingANonMemberIsNotFound() {
            fixture.given(existing())
                    .when(new RemoveMemberCommand(ORG, "stranger", OWNER))
                    .expectException(MemberNotFound.class)
                    .expectNoEvents();
        }

        @Test
        void lastOwnerCannotBeRemoved() {
            fixture.given(existing())
                    .when(new RemoveMemberCommand(ORG, OWNER, OWNER))
                    .expectException(LastOwner.class)
                    .expectNoEvents();
        }

        @Test
        void adminCannotRemoveAnOwner() {
            fixture.given(existing())
                    .andGiven(new MemberAddedEvent(ORG, "second-owner", Role.OWNER, OWNER, EARLIER))
                    .when(new RemoveMemberCommand(ORG, "second-owner", ADMIN))
                    .expectException(PermissionDenied.class)
                    .expectNoEvents();
        }

        @Test
        void ownerRemovesAnotherOwner() {
            fixture.given(existing())
                    .andGiven(new MemberAddedEvent(ORG, "second-owner", Role.OWNER, OWNER, EARLIER))
                    .when(new RemoveMemberCommand(ORG, OWNER, "second-owner"))
                    .expectEvents(new MemberRemovedEvent(ORG, OWNER, "second-owner", fixture.currentTime()));
        }
    }
}
