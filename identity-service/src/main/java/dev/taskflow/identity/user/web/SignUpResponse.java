package dev.taskflow.identity.user.web;

record SignUpResponse(String userId) {
}
