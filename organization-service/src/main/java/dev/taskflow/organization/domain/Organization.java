package dev.taskflow.organization.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An organization and its members. It is the only authority on who may change membership: every
 * decision below is taken from the aggregate's own event-sourced state, never from a cache.
 * Command handlers decide and apply; event sourcing handlers only assign state.
 */
@Aggregate
public class Organization {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_ID_LENGTH = 64;

    @AggregateIdentifier
    private String organizationId;
    private final Map<String, Role> members = new HashMap<>();

    protected Organization() {
        // for Axon
    }

    @CommandHandler
    public Organization(CreateOrganizationCommand command) {
        requireText(command.organizationId(), "organizationId", MAX_ID_LENGTH);
        requireText(command.name(), "name", MAX_NAME_LENGTH);
        requireText(command.ownerUserId(), "ownerUserId", MAX_ID_LENGTH);
        Instant now = now();
        apply(new OrganizationCreatedEvent(command.organizationId(), command.name(), command.ownerUserId(), now));
        apply(new MemberAddedEvent(command.organizationId(), command.ownerUserId(), Role.OWNER,
                command.ownerUserId(), now));
    }

    /**
     * Adds a member or changes a member's role. Re-adding a member with the role they already have is
     * an idempotent no-op (no event).
     */
    @CommandHandler
    public void handle(AddMemberCommand command) {
        requireText(command.userId(), "userId", MAX_ID_LENGTH);
        if (command.role() == null) {
            throw new IllegalArgumentException("role is required");
        }
        Role requester = requireRole(command.requestedBy(), Role.ADMIN);
        Role current = members.get(command.userId());
        if (command.role() == Role.OWNER && requester != Role.OWNER) {
            throw new PermissionDenied("Only an OWNER may grant the OWNER role");
        }
        if (current == Role.OWNER && requester != Role.OWNER) {
            throw new PermissionDenied("Only an OWNER may change an OWNER's role");
        }
        if (current == command.role()) {
            return;
        }
        if (current == Role.OWNER && ownerCount() == 1) {
            throw new LastOwner("The last OWNER of an organization cannot be demoted");
        }
        apply(new MemberAddedEvent(organizationId, command.userId(), command.role(), command.requestedBy(), now()));
    }

    @CommandHandler
    public void handle(RemoveMemberCommand command) {
        Role requester = requireRole(command.requestedBy(), Role.ADMIN);
        Role current = members.get(command.userId());
        if (current == null) {
            throw new MemberNotFound("User " + command.userId() + " is not a member of organization " + organizationId);
        }
        if (current == Role.OWNER && requester != Role.OWNER) {
            throw new PermissionDenied("Only an OWNER may remove an OWNER");
        }
        if (current == Role.OWNER && ownerCount() == 1) {
            throw new LastOwner("The last OWNER of an organization cannot be removed");
        }
        apply(new MemberRemovedEvent(organizationId, command.userId(), command.requestedBy(), now()));
    }

    @EventSourcingHandler
    void on(OrganizationCreatedEvent event) {
        organizationId = event.organizationId();
    }

    @EventSourcingHandler
    void on(MemberAddedEvent event) {
        members.put(event.userId(), event.role());
    }

    @EventSourcingHandler
    void on(MemberRemovedEvent event) {
        members.remove(event.userId());
    }

    private Role requireRole(String userId, Role required) {
        Role role = userId == null ? null : members.get(userId);
        if (role == null) {
            throw new PermissionDenied("Not a member of organization " + organizationId);
        }
        if (!role.atLeast(required)) {
            throw new PermissionDenied("Role " + role + " is below the required " + required);
        }
        return role;
    }

    private long ownerCount() {
        return members.values().stream().filter(r -> r == Role.OWNER).count();
    }

    /** Axon's event clock: the system clock in production, the fixture's simulated time in tests. */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    private static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters");
        }
    }
}
