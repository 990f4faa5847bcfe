package org.fmnist.serving.rest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which API answers a path: the handler added with the longest prefix that the path starts with
 * (at a {@code /} or {@code :} boundary, in any case), else the fallback, TF Serving's API, whose
 * 404 says where its URLs are.
 */
final class RestRoutes {
  private record Route(String prefix, RestHandler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final RestHandler fallback;

  RestRoutes(RestHandler fallback) {
    this.fallback = fallback;
  }

  /** Routes {@code prefix} (e.g. {@code /v2}, {@code /ping}) and the paths under it to {@code handler}. */
  RestRoutes add(String prefix, RestHandler handler) {
    routes.add(new Route(prefix, handler));
    return this;
  }

  RestHandler find(String path) {
    Route best = null;
    for (Route route : routes) {
      if (matches(path, route.prefix()) && (best == null || route.prefix().length() > best.prefix().length())) {
        best = route;
      }
    }
    return best == null ? fallback : best.handler();
  }

  private static boolean matches(String path, String prefix) {
    if (!path.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    if (path.length() == prefix.length() || prefix.endsWith("/")) {
      return true;
    }
    char next = path.charAt(prefix.length());
    return next == '/' || next == ':';
  }
}
