package org.fmnist.serving.rest;

/**
 * What a route learns about a request for its metrics: which API it called, and which served
 * model and version answered. Left empty ("") when unknown, e.g. for an unknown model, so a client
 * cannot grow the metrics with names of its choosing. Filled by the worker thread running the request.
 */
final class RequestLabels {
  private String api = "";
  private String model = "";
  private String version = "";

  void api(String name) {
    api = name;
  }

  void model(String name) {
    model = name;
  }

  void version(long number) {
    version = Long.toString(number);
  }

  String api() {
    return api;
  }

  String model() {
    return model;
  }

  String version() {
    return version;
  }
}
