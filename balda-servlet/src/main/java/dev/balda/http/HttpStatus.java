package dev.balda.http;


/**
 * Reason phrases and error codes for HTTP status codes. The error code is the phrase in
 * UPPER_SNAKE case ({@code 404} is {@code NOT_FOUND}), which is the {@code code} Balda's error body
 * carries unless a more specific one applies.
 */
public final class HttpStatus {

    private HttpStatus() {
    }

    /** The standard reason phrase, or {@code "Status " + code} for an unregistered code. */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 418 -> "I'm a Teapot";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Entity";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 507 -> "Insufficient Storage";
            case 511 -> "Network Authentication Required";
            default -> "Status " + status;
        };
    }

    /** The phrase as an UPPER_SNAKE error code: {@code 429} is {@code TOO_MANY_REQUESTS}. */
    public static String errorCode(int status) {
        if (status == 418) {
            return "IM_A_TEAPOT";
        }
        // A plain loop, not a regular expression: error answers are on the request path.
        String phrase = reasonPhrase(status);
        StringBuilder code = new StringBuilder(phrase.length());
        boolean gap = false;
        for (int i = 0; i < phrase.length(); i++) {
            char c = Character.toUpperCase(phrase.charAt(i));
            if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                if (gap && code.length() > 0) {
                    code.append('_');
                }
                code.append(c);
                gap = false;
            } else {
                gap = true;
            }
        }
        return code.toString();
    }

    /** Whether a status is in the 100-599 range a response may carry. */
    public static boolean isValid(int status) {
        return status >= 100 && status <= 599;
    }
}
