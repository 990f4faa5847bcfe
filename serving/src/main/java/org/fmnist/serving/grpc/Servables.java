package org.fmnist.serving.grpc;

import java.util.Optional;
import java.util.OptionalLong;
import org.fmnist.serving.grpc.tfserving.ModelSpec;
import org.fmnist.serving.models.LoadedVersion;
import org.fmnist.serving.models.ModelRepository;
import org.fmnist.serving.models.ServedModel;

/** Finds what a request's {@link ModelSpec} names in the model repository, as the REST API does. */
final class Servables {
  private final ModelRepository models;

  Servables(ModelRepository models) {
    this.models = models;
  }

  /** The model named; NOT_FOUND with TensorFlow Serving's message when unknown. */
  ServedModel model(ModelSpec spec, String notFoundMessage) {
    if (spec.getName().isEmpty()) {
      throw GrpcErrors.invalidArgument("Missing ModelSpec (a model name is required)");
    }
    ServedModel model = models.find(spec.getName()).orElseThrow(() -> GrpcErrors.notFound(notFoundMessage));
    CallLabels.current().model(model.name());
    return model;
  }

  /**
   * A hold on the version the spec asks for: its {@code version}, its {@code version_label}, or the
   * latest; the caller closes it.
   */
  LoadedVersion.Lease lease(ModelSpec spec) {
    OptionalLong version = spec.hasVersion() ? OptionalLong.of(spec.getVersion().getValue()) : OptionalLong.empty();
    String servable =
        version.isPresent() ? "Specific(" + spec.getName() + ", " + version.getAsLong() + ")" : "Latest(" + spec.getName() + ")";
    LoadedVersion.Lease lease = model(spec, "Servable not found for request: " + servable).lease(version, label(spec));
    CallLabels.current().version(lease.version());
    return lease;
  }

  /** The version the spec asks for, by number or by version_label; empty for the latest. */
  static OptionalLong version(ServedModel model, ModelSpec spec) {
    return spec.hasVersion() ? OptionalLong.of(spec.getVersion().getValue()) : model.labelled(label(spec));
  }

  private static Optional<String> label(ModelSpec spec) {
    return spec.getVersionLabel().isEmpty() ? Optional.empty() : Optional.of(spec.getVersionLabel());
  }
}
