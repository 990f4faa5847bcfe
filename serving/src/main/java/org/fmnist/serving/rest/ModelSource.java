package org.fmnist.serving.rest;

import java.util.Map;

/** Where the list of models to serve comes from: a base path's folders, or a model config file. */
interface ModelSource {
  /** The models to serve now, by name; called by the poller before each scan. */
  Map<String, ModelEntry> models();
}
