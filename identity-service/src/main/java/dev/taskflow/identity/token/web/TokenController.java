package dev.taskflow.identity.token.web;

import dev.taskflow.identity.token.app.IssuedToken;
import dev.taskflow.identity.token.app.TokenIssuer;
import dev.taskflow.identity.token.app.TokenSubject;
import dev.taskflow.identity.user.app.UserAccount;
import dev.taskflow.identity.user.app.UserAccounts;
import dev.taskflow.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Tokens")
@RestController
class TokenController {

    private final UserAccounts accounts;
    private final TokenIssuer issuer;

    TokenController(UserAccounts accounts, TokenIssuer issuer) {
        this.accounts = accounts;
        this.issuer = issuer;
    }

    @Operation(summary = "Sign in", description = "Exchanges a username (any letter case) and password for an RS256 access token.")
    @ApiResponse(responseCode = "200", description = "Token issued")
    @ApiResponse(responseCode = "401", description = "Username or password is wrong (the answer does not say which)")
    @PostMapping("/auth/token")
    ResponseEntity<TokenResponse> token(@Valid @RequestBody TokenRequest request) {
        UserAccount account = accounts.authenticate(request.username(), request.password())
                .orElseThrow(() -> new ApiProblem(HttpStatus.UNAUTHORIZED, "Invalid credentials",
                        "Username or password is incorrect"));
        IssuedToken token = issuer.issue(new TokenSubject(account.id().toString(), account.username(), account.displayName()));
        // a credential in a response must not be kept by caches (RFC 6749 §5.1)
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .body(new TokenResponse(token.value(), "Bearer", token.lifetime().toSeconds()));
    }
}
