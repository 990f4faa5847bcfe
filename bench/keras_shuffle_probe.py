"""Which examples Keras 3's fit visits in each epoch, with shuffle=True, after
keras.utils.set_random_seed: prints the order of three epochs over 20 examples. On Keras 3.3.3 with
the TensorFlow backend the three orders are the same (the reason bench/peer_keras.py shuffles on the
host); `--unseeded` skips set_random_seed, and then they differ.
    bench/.venv/bin/python bench/keras_shuffle_probe.py [--unseeded]
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

EXAMPLES, BATCH, EPOCHS = 20, 5, 3

if "--unseeded" not in sys.argv[1:]:
    keras.utils.set_random_seed(1)
visited = []


class RecordInputs(keras.layers.Layer):
    """The identity, noting each example it sees (the inputs are the example indices)."""

    def call(self, x):
        tf.py_function(lambda v: visited.extend(int(i) for i in v.numpy().ravel()), [x], [])
        return x


model = keras.Sequential([keras.Input((1,)), RecordInputs(), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
indices = np.arange(EXAMPLES, dtype=np.float32).reshape(-1, 1)
model.fit(indices, indices, batch_size=BATCH, epochs=EPOCHS, shuffle=True, verbose=0)
orders = [visited[e * EXAMPLES:(e + 1) * EXAMPLES] for e in range(EPOCHS)]
for e, order in enumerate(orders):
    print(f"epoch {e + 1}: {order}")
print(f"keras {keras.__version__}, tensorflow {tf.__version__}: "
      + ("the same order every epoch" if all(o == orders[0] for o in orders) else "a new order every epoch"))
