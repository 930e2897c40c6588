package dev.balda.plugin.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JacksonException;
import dev.balda.http.HttpException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON body into maps, lists, strings, numbers, booleans and nulls in one pass, refusing
 * (413) a document nested deeper than {@code maxDepth} or holding more than {@code maxKeys} keys
 * before it is built, so a hostile body cannot make the server build something huge.
 */
final class JsonTree {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final int maxDepth;
    private final int maxKeys;
    private int keys;

    private JsonTree(int maxDepth, int maxKeys) {
        this.maxDepth = maxDepth;
        this.maxKeys = maxKeys;
    }

    /** The value of a JSON document; {@code null} for an empty body. */
    static Object parse(String text, int maxDepth, int maxKeys) {
        if (text.isBlank()) {
            return null;
        }
        JsonTree tree = new JsonTree(maxDepth, maxKeys);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            Object value = tree.value(parser, first, 0);
            if (parser.nextToken() != null) {
                throw invalid(null);
            }
            return value;
        } catch (JacksonException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    private Object value(JsonParser parser, JsonToken token, int depth) throws IOException {
        if (token == null) {
            throw invalid(null);
        }
        switch (token) {
            case START_OBJECT -> {
                enter(depth);
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) {
                        throw invalid(null);
                    }
                    if (++keys > maxKeys) {
                        throw HttpException.payloadTooLarge("The JSON body has more than " + maxKeys + " keys");
                    }
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken(), depth + 1));
                }
                return object;
            }
            case START_ARRAY -> {
                enter(depth);
                List<Object> array = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t, depth + 1));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw invalid(null);
        }
    }

    private void enter(int depth) {
        if (depth + 1 > maxDepth) {
            throw HttpException.payloadTooLarge("The JSON body is nested deeper than " + maxDepth + " levels");
        }
    }

    private static HttpException invalid(Exception cause) {
        return new HttpException(400, "INVALID_JSON", "The request body is not valid JSON", Map.of(), cause);
    }
}
