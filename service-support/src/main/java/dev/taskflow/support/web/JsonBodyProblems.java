package dev.taskflow.support.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Says what is wrong with a request body that could not be read, in the client's terms (the field, the
 * limit, the line and column) and without the Java types and stack traces Jackson's messages carry.
 */
final class JsonBodyProblems {

    private JsonBodyProblems() {
    }

    static ProblemDetail of(HttpMessageNotReadableException e) {
        BodyTooLargeException tooLarge = find(e, BodyTooLargeException.class);
        if (tooLarge != null) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", tooLarge.getMessage());
        }
        StreamConstraintsException limit = find(e, StreamConstraintsException.class);
        if (limit != null) {
            // "Document nesting depth (33) exceeds the maximum allowed (32, from `StreamReadConstraints...`)"
            String what = limit.getOriginalMessage().replaceAll(", from `[^`]*`", "");
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Request body exceeds a JSON limit: " + what);
        }
        JsonParseException syntax = find(e, JsonParseException.class);
        if (syntax != null) {
            return notJson(syntax);
        }
        InvalidFormatException invalid = find(e, InvalidFormatException.class);
        if (invalid != null && invalid.getValue() instanceof String text && text.indexOf('\u0000') >= 0
                && !invalid.getPath().isEmpty()) {
            String field = field(invalid.getPath());
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                    "Field '" + field + "' " + NulFreeText.PROBLEM);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", NulFreeText.PROBLEM)));
            return problem;
        }
        MismatchedInputException mismatch = find(e, MismatchedInputException.class);
        if (mismatch != null) {
            return wrongType(mismatch);
        }
        JsonMappingException mapping = find(e, JsonMappingException.class);
        if (mapping != null && !mapping.getPath().isEmpty()) {
            String field = field(mapping.getPath());
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", "Field '" + field + "' has an invalid value");
            problem.setProperty("errors", List.of(Map.of("field", field, "message", "invalid value")));
            return problem;
        }
        JsonProcessingException unreadable = find(e, JsonProcessingException.class);
        if (unreadable != null) {
            return notJson(unreadable);
        }
        if (e.getCause() == null && String.valueOf(e.getMessage()).startsWith("Required request body is missing")) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Request body is missing");
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Request body is missing or not valid JSON");
    }

    private static ProblemDetail notJson(JsonProcessingException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "Request body is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()));
    }

    private static ProblemDetail wrongType(MismatchedInputException e) {
        String expected = e.getTargetType() == null ? "another type" : expected(e.getTargetType());
        if (e.getPath().isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Request body must be " + expected);
        }
        String field = field(e.getPath());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "Field '" + field + "' has the wrong type: expected " + expected);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", "must be " + expected)));
        return problem;
    }

    private static String expected(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A body that outgrew the limit while something other than a message converter read it. */
    static BodyTooLargeException tooLarge(Throwable e) {
        return find(e, BodyTooLargeException.class);
    }
}
