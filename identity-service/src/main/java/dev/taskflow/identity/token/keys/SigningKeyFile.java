package dev.taskflow.identity.token.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing key lives in a file so that it outlives the process: tokens issued before a restart
 * stay valid, and several instances can share one key.
 */
final class SigningKeyFile {

    static final int MIN_BITS = 2048;
    private static final Logger log = LoggerFactory.getLogger(SigningKeyFile.class);

    private SigningKeyFile() {
    }

    static KeyPair loadOrCreate(Path file, boolean generateIfMissing) {
        if (!Files.exists(file)) {
            if (!generateIfMissing) {
                throw new SigningKeyUnavailableException(file, "file does not exist and key generation is off");
            }
            create(file);
        }
        return load(file, SigningKeyRole.CURRENT);
    }

    /**
     * The key that signed tokens before a rotation. Never generated: a fresh key could not verify a
     * single token that is out there, so a missing file is a configuration mistake.
     */
    static KeyPair loadPrevious(Path file) {
        if (!Files.exists(file)) {
            throw new SigningKeyUnavailableException(file, SigningKeyRole.PREVIOUS, "file does not exist");
        }
        return load(file, SigningKeyRole.PREVIOUS);
    }

    private static KeyPair load(Path file, SigningKeyRole role) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SigningKeyUnavailableException(file, role, "cannot be read (" + e.getMessage() + ")", e);
        }
        KeyPair pair;
        try {
            pair = Pkcs8Pem.decode(pem);
        } catch (Pkcs8Pem.InvalidKeyFileException e) {
            throw new SigningKeyUnavailableException(file, role, e.getMessage());
        }
        int bits = ((RSAPublicKey) pair.getPublic()).getModulus().bitLength();
        if (bits < MIN_BITS) {
            throw new SigningKeyUnavailableException(file, role,
                    "RSA key has " + bits + " bits, at least " + MIN_BITS + " are required");
        }
        return pair;
    }

    private static void create(Path file) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temporary = null;
        try {
            if (posix) {
                Files.createDirectories(directory, ownerOnly("rwx------"));
                temporary = Files.createTempFile(directory, ".signing-key-", ".tmp", ownerOnly("rw-------"));
            } else {
                Files.createDirectories(directory);
                temporary = Files.createTempFile(directory, ".signing-key-", ".tmp");
            }
            Files.writeString(temporary, Pkcs8Pem.encode(generate()), StandardCharsets.US_ASCII);
            publish(temporary, target);
        } catch (IOException e) {
            throw new SigningKeyUnavailableException(file, "could not be created (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Makes the complete file appear under its name at once and never replaces one that is there: when
     * two instances start together, both end up loading the same key.
     */
    private static void publish(Path temporary, Path target) throws IOException {
        try {
            try {
                Files.createLink(target, temporary);
            } catch (UnsupportedOperationException e) {
                Files.move(temporary, target);
            }
            log.warn("Generated a new token signing key at {}; tokens signed with any earlier key are no longer valid", target);
        } catch (FileAlreadyExistsException e) {
            log.info("Another process created the signing key at {} first; using that one", target);
        }
    }

    private static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_BITS);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has RSA", e);
        }
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not remove temporary key file {}", path, e);
        }
    }
}
