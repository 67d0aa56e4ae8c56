package dev.taskflow.identity.token.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RSA private keys as PEM-armoured PKCS#8, the form {@code openssl genpkey} writes. */
final class Pkcs8Pem {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Pattern BLOCK = Pattern.compile(BEGIN + "([A-Za-z0-9+/=\\s]+)" + END);

    private Pkcs8Pem() {
    }

    static String encode(RSAPrivateCrtKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    /** The key pair of an RSA private key; the public half is derived from the CRT parameters. */
    static KeyPair decode(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new InvalidKeyFileException("key is PKCS#1 ('BEGIN RSA PRIVATE KEY'); convert it to PKCS#8 with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem'");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new InvalidKeyFileException("key is encrypted; an unencrypted PKCS#8 key is expected");
        }
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            throw new InvalidKeyFileException("no '" + BEGIN + "' block found");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(block.group(1));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey privateKey)) {
                throw new InvalidKeyFileException("RSA key lacks the CRT parameters needed to derive its public key");
            }
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidKeyFileException("not a readable PKCS#8 RSA private key (" + e.getMessage() + ")");
        }
    }

    static final class InvalidKeyFileException extends RuntimeException {
        InvalidKeyFileException(String message) {
            super(message);
        }
    }
}
