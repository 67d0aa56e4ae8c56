package dev.taskflow.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What a service accepts in a request body, behind the gateway's own limits: a caller that reaches the
 * service directly (or a gateway misconfigured) still cannot make it parse without bound.
 *
 * @param maxBodyBytes largest request body (default 1MB); larger is a 413 before or while it is read
 * @param json         limits of the JSON parser for request bodies
 */
@ConfigurationProperties("taskflow.web")
record WebLimitsProperties(DataSize maxBodyBytes, Json json) {

    WebLimitsProperties {
        maxBodyBytes = maxBodyBytes == null ? DataSize.ofMegabytes(1) : maxBodyBytes;
        json = json == null ? new Json(null, null, null) : json;
        if (maxBodyBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("taskflow.web.max-body-bytes must be positive");
        }
    }

    /**
     * @param maxNestingDepth  deepest nesting of arrays and objects (default 32; no request needs more than 3)
     * @param maxNumberLength  longest number, in characters (default 50)
     * @param maxStringLength  longest string value, in characters (default 100 000)
     */
    record Json(Integer maxNestingDepth, Integer maxNumberLength, Integer maxStringLength) {

        Json {
            maxNestingDepth = positive("max-nesting-depth", maxNestingDepth, 32);
            maxNumberLength = positive("max-number-length", maxNumberLength, 50);
            maxStringLength = positive("max-string-length", maxStringLength, 100_000);
        }

        private static int positive(String name, Integer value, int fallback) {
            if (value == null) {
                return fallback;
            }
            if (value <= 0) {
                throw new IllegalArgumentException("taskflow.web.json." + name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
