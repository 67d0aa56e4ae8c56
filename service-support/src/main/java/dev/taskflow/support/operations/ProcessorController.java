package dev.taskflow.support.operations;

import dev.taskflow.support.web.RequestContext;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API of a service's event processors. Reached through the gateway under {@code /admin/**},
 * which lets only platform operators in (see api-gateway/README.md); the service itself trusts the gateway.
 */
@RestController
public class ProcessorController {

    private final ProcessorOperations operations;

    public ProcessorController(ProcessorOperations operations) {
        this.operations = operations;
    }

    /** Every event processor of this service: state, segments, position, lag, replay. */
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

    /** A Kafka-fed projection's processor, with its replay progress and estimated time to finish. */
    @GetMapping("/admin/projections/{name}")
    ProcessorView projection(@PathVariable String name) {
        return operations.processor(name);
    }

    /** Rebuild a projection from Kafka, from offset zero ({@code from} is refused for now). */
    @PostMapping("/admin/projections/{name}/replay")
    ProcessorView replay(@PathVariable String name,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                         RequestContext context) {
        return operations.replay(name, from, context.userId());
    }
}
