package org.fmnist.serving.metrics;

/**
 * What a route learns about a request for its metrics: which API it called, and which served
 * model and version answered. Left empty ("") when unknown, e.g. for an unknown model, so a client
 * cannot grow the metrics with names of its choosing. Filled by the worker thread running the request,
 * REST or gRPC.
 */
public final class RequestLabels {
  // volatile: a gRPC call's labels are filled on a worker and read by the transport when the call ends
  private volatile String api = "";
  private volatile String model = "";
  private volatile String version = "";

  public RequestLabels() {}

  public void api(String name) {
    api = name;
  }

  public void model(String name) {
    model = name;
  }

  public void version(long number) {
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
