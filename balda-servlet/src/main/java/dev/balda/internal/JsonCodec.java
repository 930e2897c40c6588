package dev.balda.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.balda.http.HttpException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's JSON, both ways, over its {@code ObjectMapper}: response values to bytes,
 * request bodies to types, with Jackson's failures turned into the answers the client should get
 * (400 {@code INVALID_JSON} for a body that is not JSON, 400 {@code INVALID_BODY} for one that does
 * not fit the type, naming where).
 */
public final class JsonCodec {
    private final ObjectMapper mapper;
    /**
     * One reader per bound type, made on first use. An {@code ObjectReader} is immutable and
     * thread-safe, and making one (twice: the trailing-token check is turned off on a copy) cost
     * more than binding an 80-byte body. Like Jackson's own caches, it assumes the mapper is
     * configured before the application serves.
     */
    private final ConcurrentHashMap<JavaType, TypedReader> readers = new ConcurrentHashMap<>();
    /**
     * The same readers by plain class, the usual {@code req.body(Type.class)}: finding the
     * {@code JavaType} of a class goes through Jackson's type cache, a concurrent LRU map whose
     * upkeep cost more per request than the map lookup here.
     */
    private final ConcurrentHashMap<Class<?>, TypedReader> classReaders = new ConcurrentHashMap<>();

    /** A reader for one type, and whether content after the value is refused. */
    private record TypedReader(JavaType type, ObjectReader reader, boolean refuseTrailing) {
        static TypedReader of(ObjectMapper mapper, JavaType type) {
            // Jackson reports content after the value as a mapping problem; it is a syntax problem
            // (the body is not one JSON value), so the mapper's trailing-token check is done here.
            ObjectReader reader = mapper.readerFor(type);
            boolean refuseTrailing = reader.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            return new TypedReader(type,
                    refuseTrailing ? reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) : reader,
                    refuseTrailing);
        }
    }

    public JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * @throws IllegalArgumentException when the value cannot be written (a server-side mistake,
     *     so a 500)
     */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Could not write a " + (value == null ? "null" : value.getClass().getName())
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Binds a body; {@code null} for an empty one. */
    public <T> T read(byte[] body, JavaType type) {
        if (body.length == 0) {
            return null;
        }
        TypedReader typed = readers.get(type);
        if (typed == null) {
            typed = readers.computeIfAbsent(type, t -> TypedReader.of(mapper, t));
        }
        return read(body, typed);
    }

    /** Binds a body to a class; {@code null} for an empty one. */
    public <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            return null;
        }
        TypedReader typed = classReaders.get(type);
        if (typed == null) {
            typed = classReaders.computeIfAbsent(type, c -> TypedReader.of(mapper, mapper.constructType(c)));
        }
        return read(body, typed);
    }

    private <T> T read(byte[] body, TypedReader typed) {
        ObjectReader reader = typed.reader();
        boolean refuseTrailing = typed.refuseTrailing();
        try (JsonParser parser = reader.createParser(body)) {
            T value = reader.readValue(parser);
            if (refuseTrailing && parser.nextToken() != null) {
                throw new HttpException(400, "INVALID_JSON", "The request body is not valid JSON");
            }
            return value;
        } catch (DatabindException e) {
            String where = path(e);
            throw new HttpException(400, "INVALID_BODY", "The JSON body does not fit the expected "
                    + typed.type().getRawClass().getSimpleName() + (where.isEmpty() ? "" : " at '" + where + "'"),
                    Map.of(), e);
        } catch (JacksonException e) {
            throw new HttpException(400, "INVALID_JSON", "The request body is not valid JSON", Map.of(), e);
        } catch (IOException e) {
            throw BodyReader.unreadable(e);
        }
    }

    private static String path(DatabindException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
