package dev.taskflow.support.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Text from request bodies without U+0000: PostgreSQL cannot store it in a text column, so it would fail only
 * when written, as a 500 (the fuzz test found it in an organization's name). Refused while reading instead, as
 * a 400 naming the field ({@link JsonBodyProblems}).
 */
final class NulFreeText extends StdScalarDeserializer<String> {

    static final String PROBLEM = "must not contain the NUL character (\\u0000)";

    private NulFreeText() {
        super(String.class);
    }

    static SimpleModule module() {
        return new SimpleModule("taskflow-nul-free-text").addDeserializer(String.class, new NulFreeText());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = StringDeserializer.instance.deserialize(parser, context);
        if (text != null && text.indexOf('\u0000') >= 0) {
            throw context.weirdStringException(text, String.class, PROBLEM);
        }
        return text;
    }
}
