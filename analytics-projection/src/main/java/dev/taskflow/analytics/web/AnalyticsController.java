package dev.taskflow.analytics.web;

import dev.taskflow.analytics.daily.CycleTime;
import dev.taskflow.analytics.daily.DailyCount;
import dev.taskflow.analytics.daily.TasksPerDay;
import dev.taskflow.api.Role;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Figures of the active organization, for its MEMBERs and above. */
@RestController
class AnalyticsController {

    /** Longest range one request may ask for, in days, both ends included (a leap year). */
    static final int MAX_DAYS = 366;
    /** Days shown when the caller gives no range: the last 30 days up to today (UTC), both included. */
    static final int DEFAULT_DAYS = 30;

    private final TasksPerDay tasksPerDay;
    private final MembershipGuard guard;
    private final Clock clock;

    AnalyticsController(TasksPerDay tasksPerDay, MembershipGuard guard, Clock clock) {
        this.tasksPerDay = tasksPerDay;
        this.guard = guard;
        this.clock = clock;
    }

    @Operation(summary = "Tasks created and tasks completed per UTC day in [from, to], oldest first; days without "
            + "either are omitted (MEMBER+)")
    @GetMapping("/analytics/tasks-per-day")
    List<DailyCount> tasksPerDay(
            @Parameter(description = "first day, ISO date; default: 29 days before 'to'")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "last day, ISO date; default: today (UTC)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.MEMBER);
        Range range = range(from, to);
        return tasksPerDay.between(organizationId, range.first(), range.last());
    }

    @Operation(summary = "Cycle time (created to latest completion) of the tasks completed in [from, to]: count, "
            + "average and median hours (MEMBER+)")
    @GetMapping("/analytics/cycle-time")
    CycleTime cycleTime(
            @Parameter(description = "first UTC day of completion, ISO date; default: 29 days before 'to'")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "last UTC day of completion, ISO date; default: today (UTC)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.MEMBER);
        Range range = range(from, to);
        return tasksPerDay.cycleTime(organizationId, range.first(), range.last());
    }

    /** Both ends included; defaults and limits as documented on the endpoints (README). */
    private Range range(LocalDate from, LocalDate to) {
        LocalDate last = to != null ? to : LocalDate.now(clock);
        LocalDate first = from != null ? from : last.minusDays(DEFAULT_DAYS - 1);
        if (first.isAfter(last)) {
            throw ApiProblem.badRequest("Parameter 'from' (" + first + ") must not be after 'to' (" + last + ")");
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) {
            throw ApiProblem.badRequest("Parameter 'to' must be at most " + MAX_DAYS + " days from 'from' (both included), "
                    + "the range has " + days + " days");
        }
        return new Range(first, last);
    }

    private record Range(LocalDate first, LocalDate last) {
    }
}
