package dev.taskflow.identity.token.keys;

/** Which configured key file a problem is about: the one that signs, or the one kept during a rotation. */
enum SigningKeyRole {

    CURRENT("Token signing key", "IDENTITY_SIGNING_KEY_FILE"),
    PREVIOUS("Previous token signing key", "IDENTITY_PREVIOUS_SIGNING_KEY_FILE");

    private final String label;
    private final String variable;

    SigningKeyRole(String label, String variable) {
        this.label = label;
        this.variable = variable;
    }

    String label() {
        return label;
    }

    /** The environment variable that names the file, for messages that say what to change. */
    String variable() {
        return variable;
    }
}
