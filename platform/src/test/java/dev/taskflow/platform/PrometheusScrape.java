package dev.taskflow.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one service's {@code /actuator/prometheus} the way Prometheus does, for tests of its figures. */
final class PrometheusScrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    static PrometheusScrape of(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/actuator/prometheus on " + port + " answered " + response.statusCode());
            }
            return new PrometheusScrape(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of the samples of {@code metric} whose labels include {@code labels}; a label value starting
     * with {@code !} means "any value but this one". {@code NaN} samples count as 0; no sample at all is -1.
     */
    double sum(String metric, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(metric)) {
                continue;
            }
            if (matches(sample.group(2), labels)) {
                found = true;
                double value = Double.parseDouble(sample.group(3));
                sum += Double.isNaN(value) ? 0 : value;
            }
        }
        return found ? sum : -1;
    }

    private static boolean matches(String labelText, Map<String, String> wanted) {
        Map<String, String> labels = new java.util.HashMap<>();
        if (labelText != null) {
            Matcher label = LABEL.matcher(labelText);
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return wanted.entrySet().stream().allMatch(w -> w.getValue().startsWith("!")
                ? labels.containsKey(w.getKey()) && !labels.get(w.getKey()).equals(w.getValue().substring(1))
                : w.getValue().equals(labels.get(w.getKey())));
    }
}
