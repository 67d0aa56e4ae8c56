package dev.taskflow.identity.token.web;

/** The alternative to the Authorization header, for callers that cannot set it; documentation only. */
record TokenBody(String token) {
}
