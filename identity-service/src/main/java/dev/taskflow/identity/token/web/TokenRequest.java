package dev.taskflow.identity.token.web;

import dev.taskflow.identity.user.app.ClearPassword;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

record TokenRequest(
        @Schema(example = "alice") @NotBlank String username,
        @Schema(type = "string", format = "password") @NotNull ClearPassword password) {
}
