package dev.taskflow.identity.token.keys;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or unusable key into a start-up report that says what to do about it. */
class SigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<SigningKeyUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SigningKeyUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(), action(cause), cause);
    }

    private static String action(SigningKeyUnavailableException cause) {
        if (cause.role() == SigningKeyRole.PREVIOUS) {
            return "Point " + cause.role().variable() + " at the PEM-encoded PKCS#8 RSA private key that signed tokens "
                    + "before the rotation (it is never generated), or unset it once every token that key signed has "
                    + "expired (token lifetime plus clock skew after the rotation). It must be another key than the "
                    + "current one (" + SigningKeyRole.CURRENT.variable() + ").";
        }
        return "Put a PEM-encoded PKCS#8 RSA private key of at least " + SigningKeyFile.MIN_BITS + " bits at "
                + cause.file().toAbsolutePath() + " (or point " + cause.role().variable() + " elsewhere), e.g. with "
                + "'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out signing-key.pem'. "
                + "For development only, IDENTITY_SIGNING_KEY_GENERATE=true lets the service create one.";
    }
}
