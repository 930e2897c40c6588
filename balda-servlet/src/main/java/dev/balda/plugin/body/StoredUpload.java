package dev.balda.plugin.body;

import dev.balda.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** An upload in its temporary file; the request's end deletes the file unless it was moved. */
final class StoredUpload implements UploadedFile {
    private final String fieldName;
    private final String filename;
    private final String contentType;
    private volatile long size;
    private Path file;

    StoredUpload(String fieldName, String filename, String contentType, Path file) {
        this.fieldName = fieldName;
        this.filename = filename;
        this.contentType = contentType;
        this.file = file;
    }

    void size(long size) {
        this.size = size;
    }

    @Override
    public String fieldName() {
        return fieldName;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized InputStream openStream() throws IOException {
        return Files.newInputStream(current());
    }

    @Override
    public byte[] bytes() throws IOException {
        return Files.readAllBytes(current());
    }

    @Override
    public synchronized Path moveTo(Path target) throws IOException {
        Path source = current();
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = null;
        return target;
    }

    private synchronized Path current() throws IOException {
        if (file == null) {
            throw new IOException("The upload '" + filename + "' was moved or deleted when its request ended");
        }
        return file;
    }

    /** Deletes the temporary file unless it was moved. */
    synchronized void delete() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
            file = null;
        }
    }

    @Override
    public String toString() {
        return "UploadedFile[" + fieldName + ": " + filename + ", " + contentType + ", " + size + " bytes]";
    }
}
