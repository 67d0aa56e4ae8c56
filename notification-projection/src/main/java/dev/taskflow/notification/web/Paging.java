package dev.taskflow.notification.web;

import dev.taskflow.support.web.ApiProblem;
import java.util.List;

/** page/size parameters, as the query side has them. */
final class Paging {

    static final int MAX_SIZE = 100;

    private Paging() {
    }

    static void validate(int page, int size) {
        if (page < 0) {
            throw ApiProblem.badRequest("Parameter 'page' must be 0 or greater, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiProblem.badRequest("Parameter 'size' must be between 1 and " + MAX_SIZE + ", was " + size);
        }
    }

    /** One page of a list. */
    record Page<T>(List<T> items, int page, int size, long totalItems) {
    }
}
