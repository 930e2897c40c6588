package dev.balda.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A file uploaded in a {@code multipart/form-data} request, as the body parser plugin stored it: a
 * temporary file that is deleted when the request ends, whatever happens. To keep it, move it
 * somewhere of your own with {@link #moveTo(Path)} during the request.
 *
 * <pre>{@code
 * UploadedFile avatar = req.file("avatar");
 * if (avatar != null) {
 *     avatar.moveTo(uploads.resolve(UUID.randomUUID() + ".png"));
 * }
 * }</pre>
 */
public interface UploadedFile {

    /** The form field the file came in. */
    String fieldName();

    /** The file name the client gave (checked: no {@code /}, {@code \}, NUL or {@code ..}); may be empty. */
    String filename();

    /** The part's {@code Content-Type}, or {@code application/octet-stream} when it had none. */
    String contentType();

    /** Size in bytes. */
    long size();

    /** Reads the file; the caller closes the stream. */
    InputStream openStream() throws IOException;

    /** The whole file in memory; for small files. */
    byte[] bytes() throws IOException;

    /**
     * Moves the file to a path of yours (replacing what is there) so that it outlives the request.
     *
     * @return the target
     */
    Path moveTo(Path target) throws IOException;
}
