package dev.taskflow.identity.token.web;

import dev.taskflow.identity.signin.app.SignInAttempt;
import dev.taskflow.identity.signin.app.SignInLockedException;
import dev.taskflow.identity.signin.app.SignInThrottle;
import dev.taskflow.identity.token.app.IssuedToken;
import dev.taskflow.identity.token.app.TokenIssuer;
import dev.taskflow.identity.token.app.TokenSubject;
import dev.taskflow.identity.user.app.UserAccount;
import dev.taskflow.identity.user.app.UserAccounts;
import dev.taskflow.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.Optional;
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
    private final SignInThrottle throttle;

    TokenController(UserAccounts accounts, TokenIssuer issuer, SignInThrottle throttle) {
        this.accounts = accounts;
        this.issuer = issuer;
        this.throttle = throttle;
    }

    @Operation(summary = "Sign in", description = "Exchanges a username (any letter case) and password for an RS256 access token. "
            + "Failed attempts in a row lock the username and the client address for a while (docs/security.md).")
    @ApiResponse(responseCode = "200", description = "Token issued")
    @ApiResponse(responseCode = "401", description = "Username or password is wrong (the answer does not say which)")
    @ApiResponse(responseCode = "429", description = "Too many failed attempts; the password was not checked. "
            + "Retry-After gives the seconds until the lock ends")
    @PostMapping("/auth/token")
    ResponseEntity<TokenResponse> token(@Valid @RequestBody TokenRequest request, HttpServletRequest http,
                                        HttpServletResponse response) {
        SignInAttempt attempt = begin(request.username(), ClientAddress.of(http), response);
        Optional<UserAccount> authenticated = accounts.authenticate(request.username(), request.password());
        if (authenticated.isEmpty()) {
            attempt.failed();
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Invalid credentials", "Username or password is incorrect");
        }
        attempt.succeeded();
        UserAccount account = authenticated.get();
        IssuedToken token = issuer.issue(new TokenSubject(account.id().toString(), account.username(), account.displayName()));
        // a credential in a response must not be kept by caches (RFC 6749 §5.1)
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .body(new TokenResponse(token.value(), "Bearer", token.lifetime().toSeconds()));
    }

    private SignInAttempt begin(String username, String clientAddress, HttpServletResponse response) {
        try {
            return throttle.begin(username, clientAddress);
        } catch (SignInLockedException e) {
            long seconds = e.retryAfter().toSeconds();
            // ApiProblem carries no headers; one already set on the response stays on the problem answer.
            // The same words for a username, an address, an existing and an unknown user.
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-in attempts",
                    "Sign-in is locked after too many failed attempts; try again in " + seconds + " seconds");
        }
    }
}
