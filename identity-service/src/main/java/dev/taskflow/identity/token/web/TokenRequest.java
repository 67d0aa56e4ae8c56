package dev.taskflow.identity.token.web;

import dev.taskflow.identity.user.app.ClearPassword;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record TokenRequest(
        // no username is longer (sign-up's rule); the bound keeps made-up names small in the failure counts
        @Schema(example = "alice", maxLength = 64) @NotBlank @Size(max = 64) String username,
        @Schema(type = "string", format = "password") @NotNull ClearPassword password) {
}
