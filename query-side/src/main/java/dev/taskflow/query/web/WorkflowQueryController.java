package dev.taskflow.query.web;

import dev.taskflow.api.Role;
import dev.taskflow.api.query.FindTaskQuery;
import dev.taskflow.api.query.FindTasksQuery;
import dev.taskflow.api.query.TaskPage;
import dev.taskflow.api.query.TaskView;
import dev.taskflow.query.api.FindProjectsQuery;
import dev.taskflow.query.api.ProjectPage;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read endpoints of the workflow. The caller's role is checked against the local membership cache;
 * the answers come from the query handlers through the QueryGateway, never from the tables directly.
 */
@RestController
@RequestMapping("/workflow")
class WorkflowQueryController {

    private final QueryGateway queries;
    private final MembershipGuard guard;

    WorkflowQueryController(QueryGateway queries, MembershipGuard guard) {
        this.queries = queries;
        this.guard = guard;
    }

    @Operation(summary = "One task of the active organization (VIEWER+); 404 when absent or in another organization")
    @GetMapping("/tasks/{taskId}")
    TaskView task(@PathVariable String taskId, @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        return queries.query(new FindTaskQuery(organizationId, taskId), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join()
                .orElseThrow(() -> ApiProblem.notFound("Task " + taskId));
    }

    @Operation(summary = "Tasks of the active organization, newest first (VIEWER+)")
    @GetMapping("/tasks")
    TaskPage tasks(@RequestParam(required = false) String projectId,
                   @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size,
                   @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        Paging.validate(page, size);
        String project = projectId == null || projectId.isBlank() ? null : projectId.trim();
        return queries.query(new FindTasksQuery(organizationId, project, page, size),
                ResponseTypes.instanceOf(TaskPage.class)).join();
    }

    @Operation(summary = "Projects of the active organization, newest first (VIEWER+)")
    @GetMapping("/projects")
    ProjectPage projects(@RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "20") int size,
                         @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        Paging.validate(page, size);
        return queries.query(new FindProjectsQuery(organizationId, page, size),
                ResponseTypes.instanceOf(ProjectPage.class)).join();
    }
}
