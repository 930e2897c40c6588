package dev.balda.plugin.body;

import dev.balda.http.HttpException;
import dev.balda.http.MediaType;
import dev.balda.http.Request;
import dev.balda.http.UploadedFile;
import dev.balda.internal.RequestRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.RequestContext;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

/**
 * {@code multipart/form-data} with Commons FileUpload's streaming parser over the body Balda read
 * ahead (memory or temporary file): fields become a {@code Map<String, List<String>>}, files are
 * streamed one at a time into their own temporary files, each registered for deletion when the
 * request ends, before a byte is written, so no failure can leave one behind.
 */
final class MultipartBody {
    private final BodyParserPlugin options;
    private final Request req;
    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final List<UploadedFile> files = new ArrayList<>();

    private MultipartBody(BodyParserPlugin options, Request req) {
        this.options = options;
        this.req = req;
    }

    static MultipartBody parse(BodyParserPlugin options, Request req, MediaType type) {
        MultipartBody body = new MultipartBody(options, req);
        body.read(type);
        return body;
    }

    Map<String, List<String>> fields() {
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        fields.forEach((k, v) -> frozen.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(frozen);
    }

    List<UploadedFile> files() {
        return Collections.unmodifiableList(files);
    }

    private void read(MediaType type) {
        JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload = new JakartaServletFileUpload<>();
        upload.setMaxSize(options.maxTotalSize());
        upload.setMaxFileSize(options.maxFileSize());
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        int fieldCount = 0;
        long fieldBytes = 0;
        try {
            FileItemInputIterator items = upload.getItemIterator(context(type));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (item.isFormField()) {
                    if (++fieldCount > options.formParameterLimit()) {
                        throw HttpException.payloadTooLarge("The form has more than " + options.formParameterLimit()
                                + " fields");
                    }
                    String value = readField(item, options.formLimit() - fieldBytes);
                    fieldBytes += value.length();
                    fields.computeIfAbsent(item.getFieldName(), k -> new ArrayList<>(1)).add(value);
                } else {
                    store(item);
                }
            }
        } catch (FileUploadSizeException e) {
            throw HttpException.payloadTooLarge(e.getMessage());
        } catch (FileUploadException e) {
            throw sizeOrMalformed(e);
        } catch (IOException e) {
            throw sizeOrMalformed(e);
        }
    }

    private static HttpException sizeOrMalformed(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileUploadSizeException || t instanceof org.apache.commons.fileupload2.core.FileUploadFileCountLimitException) {
                return HttpException.payloadTooLarge(t.getMessage());
            }
            if (t instanceof HttpException http) {
                return http;
            }
        }
        return new HttpException(400, "INVALID_MULTIPART", "The multipart body is malformed or incomplete", Map.of(), e);
    }

    private String readField(FileItemInput item, long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = item.getInputStream()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > budget) {
                    throw HttpException.payloadTooLarge("The form's fields are larger than " + options.formLimit() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void store(FileItemInput item) throws IOException {
        String filename;
        try {
            filename = item.getName() == null ? "" : item.getName();
        } catch (java.nio.file.InvalidPathException e) {
            filename = "\0"; // FileUpload refuses a NUL in a name itself
        }
        if (unsafe(filename)) {
            throw new HttpException(400, "UNSAFE_FILENAME", "The file name of field '" + item.getFieldName()
                    + "' contains a path, '..' or a NUL character");
        }
        if (files.size() >= options.maxFiles()) {
            throw HttpException.payloadTooLarge("More than " + options.maxFiles() + " files");
        }
        String contentType = item.getContentType() == null ? "application/octet-stream" : item.getContentType();
        if (!options.allows(MediaType.parse(contentType))) {
            throw HttpException.unsupportedMediaType("Files of type " + contentType + " are not accepted");
        }
        Path directory = options.uploadDirectory() != null ? options.uploadDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, "balda-upload-", ".tmp");
        StoredUpload upload = new StoredUpload(item.getFieldName(), filename, contentType, file);
        RequestRun run = RequestRun.of(req);
        if (run == null) {
            upload.delete();
            throw new IllegalStateException("Uploads are stored only for requests Balda's pipeline serves");
        }
        run.whenDone(upload::delete);
        try (InputStream in = item.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            upload.size(in.transferTo(out));
        }
        files.add(upload);
    }

    static boolean unsafe(String filename) {
        return filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0 || filename.indexOf('\0') >= 0
                || filename.contains("..");
    }

    private RequestContext context(MediaType type) {
        return new RequestContext() {
            @Override
            public String getCharacterEncoding() {
                return type.charsetName();
            }

            @Override
            public long getContentLength() {
                return req.contentLength();
            }

            @Override
            public String getContentType() {
                return req.contentType();
            }

            @Override
            public InputStream getInputStream() {
                return req.bodyStream();
            }

            @Override
            public boolean isMultipartRelated() {
                return false;
            }
        };
    }
}
