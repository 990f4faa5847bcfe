"""Keras 3 on its TensorFlow backend, the same model and recipe as `fmnist train`.

Prints one `BENCH {json}` line per epoch: seconds (training + validation, as Keras's fit times an
epoch), loss, val_accuracy and the test accuracy evaluated after the epoch outside its timing.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["KERAS_BACKEND"] = "tensorflow"

import fmnist_data  # noqa: E402
import numpy as np  # noqa: E402

args = fmnist_data.peer_args()

import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(args.threads)
tf.config.threading.set_inter_op_parallelism_threads(args.threads)
import keras  # noqa: E402
from keras import layers  # noqa: E402

keras.utils.set_random_seed(args.seed)
(x, y), (x_val, y_val), (x_test, y_test) = fmnist_data.load(args.limit_train, args.validation_split)

if args.model == "cnn":
    stack = [layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
             layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
             layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10)]
else:
    stack = [layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10)]
model = keras.Sequential([keras.Input((28, 28, 1))] + stack)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=args.learning_rate, epsilon=1e-7),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])


class Report(keras.callbacks.Callback):
    clock = fmnist_data.EpochClock()

    def on_epoch_begin(self, epoch, logs=None):
        self.clock.start()

    def on_epoch_end(self, epoch, logs=None):
        seconds = self.clock.stop()
        test_loss, test_accuracy = self.model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
        fmnist_data.report(epoch=epoch + 1, seconds=seconds, loss=logs["loss"],
                           val_accuracy=logs["val_accuracy"], test_accuracy=test_accuracy,
                           test_loss=test_loss,
                           train_images=len(y), val_images=len(y_val))


fmnist_data.report(framework="keras " + keras.__version__ + " / tensorflow " + tf.__version__,
                   jit_compile=str(model.jit_compile))
# Not fit(shuffle=True): after keras.utils.set_random_seed, Keras 3.3.3's fit on NumPy arrays
# (TensorFlow backend) draws its permutation with a seeded tf.random.shuffle inside a tf.data
# function it re-instantiates every epoch, so every epoch visits the examples in the same order
# (bench/keras_shuffle_probe.py shows it). The peer shuffles on the host instead: a fresh
# permutation per epoch from NumPy's generator seeded with --seed, one fit call per epoch.
# validation_data is the same held-out last fraction that validation_split would take.
shuffler = np.random.default_rng(args.seed)
report = Report()
for epoch in range(args.epochs):
    visit = shuffler.permutation(len(y))
    model.fit(x[visit], y[visit], batch_size=args.batch_size, initial_epoch=epoch, epochs=epoch + 1,
              validation_data=(x_val, y_val), shuffle=False, verbose=0, callbacks=[report])
