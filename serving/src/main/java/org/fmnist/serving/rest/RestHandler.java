package org.fmnist.serving.rest;

import java.io.IOException;

/**
 * Answers the requests of one API (TF Serving's {@code /v1}, KServe's {@code /v2}, ...). It may
 * throw {@link ApiException} for a refused request; {@link RestDispatcher} turns that and other
 * failures into error responses.
 */
@FunctionalInterface
interface RestHandler {
  Reply handle(RestRequest request) throws IOException;
}
