package dev.taskflow.identity.token.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

record ValidationResponse(
        @Schema(description = "the token's subject") String userId,
        @Schema(description = "all claims of the token; times in seconds since the epoch") Map<String, Object> claims) {
}
