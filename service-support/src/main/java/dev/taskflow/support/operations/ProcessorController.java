package dev.taskflow.support.operations;

import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API of a service's event processors and projection rebuilds. Reached through the gateway
 * under {@code /admin/**}, which lets only platform operators in (see api-gateway/README.md); the service
 * itself trusts the gateway.
 */
@RestController
public class ProcessorController {

    /** A release is a hand-over, not a way to stop a segment for good (pause the processor for that). */
    private static final long MAX_RELEASE_SECONDS = 3600;

    private final ProcessorOperations operations;
    private final ProjectionRebuilds rebuilds;

    public ProcessorController(ProcessorOperations operations, ProjectionRebuilds rebuilds) {
        this.operations = operations;
        this.rebuilds = rebuilds;
    }

    /** Every event processor of this service: state, segments, position, lag, rebuild. */
    @GetMapping("/admin/processors")
    List<ProcessorView> processors() {
        return operations.processors();
    }

    /** One event processor. */
    @GetMapping("/admin/processors/{name}")
    ProcessorView processor(@PathVariable String name) {
        return operations.processor(name);
    }

    /** Stop processing (the position is kept; events wait on Kafka or in the event store). */
    @PostMapping("/admin/processors/{name}/pause")
    ProcessorView pause(@PathVariable String name, RequestContext context) {
        return operations.pause(name, context.userId());
    }

    /** Start processing again from the kept position. */
    @PostMapping("/admin/processors/{name}/resume")
    ProcessorView resume(@PathVariable String name, RequestContext context) {
        return operations.resume(name, context.userId());
    }

    /**
     * Hands a segment this instance holds to another instance: it stops processing it here and does not claim
     * it again for {@code seconds} (default 30, longer than the 5 s in which another instance looks for free
     * segments). Answers at once; the processor's {@code claims} show the new owner a few seconds later.
     */
    @PostMapping("/admin/processors/{name}/segments/{segment}/release")
    ResponseEntity<ProcessorView> release(@PathVariable String name, @PathVariable int segment,
                                          @RequestParam(defaultValue = "30") long seconds, RequestContext context) {
        if (seconds < 1 || seconds > MAX_RELEASE_SECONDS) {
            throw ApiProblem.badRequest("Parameter 'seconds' must be between 1 and " + MAX_RELEASE_SECONDS);
        }
        return ResponseEntity.accepted().body(operations.release(name, segment, Duration.ofSeconds(seconds),
                context.userId()));
    }

    /** A projection's processor, with its rebuild's progress and estimated time to finish. */
    @GetMapping("/admin/projections/{name}")
    ProcessorView projection(@PathVariable String name) {
        return operations.processor(name);
    }

    /**
     * Rebuilds a projection from Kafka offset zero and swaps it in as soon as it has caught up: the same as
     * {@code rebuild?swap=auto}. {@code from} (a point in time) is refused for now.
     */
    @PostMapping("/admin/projections/{name}/replay")
    ResponseEntity<ProcessorView> replay(@PathVariable String name,
                                         @RequestParam(required = false)
                                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                         RequestContext context) {
        if (from != null) {
            // a shadow built from a point in time would lack everything before it, and swapping it in would lose that
            throw ApiProblem.badRequest("Replaying from a point in time is not available; leave out 'from' to rebuild '"
                    + name + "' from the beginning of its topics");
        }
        return rebuild(name, "auto", context);
    }

    /** Starts a blue-green rebuild; {@code swap=manual} waits for {@code rebuild/swap} once it is READY. */
    @PostMapping("/admin/projections/{name}/rebuild")
    ResponseEntity<ProcessorView> rebuild(@PathVariable String name,
                                          @RequestParam(defaultValue = "auto") String swap, RequestContext context) {
        if (!swap.equals("auto") && !swap.equals("manual")) {
            throw ApiProblem.badRequest("Parameter 'swap' must be 'auto' or 'manual', not '" + swap + "'");
        }
        rebuilds.start(name, swap.equals("auto"), context.userId());
        return ResponseEntity.accepted().body(operations.processor(name));
    }

    /** Swaps the rebuilt tables in; waits (up to the swap timeout) for the rebuild to reach the live position. */
    @PostMapping("/admin/projections/{name}/rebuild/swap")
    ProcessorView swap(@PathVariable String name, RequestContext context) {
        rebuilds.swap(name, context.userId());
        return operations.processor(name);
    }

    /** Stops the rebuild and drops its tables; the live projection is untouched. */
    @PostMapping("/admin/projections/{name}/rebuild/cancel")
    ProcessorView cancel(@PathVariable String name, RequestContext context) {
        rebuilds.cancel(name, context.userId());
        return operations.processor(name);
    }
}
