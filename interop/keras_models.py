"""The fmnist presets written in Keras, as a Fashion-MNIST study would write them."""
import keras
from keras import layers

PRESETS = ["baseline", "cnn", "mlp-dropout", "cnn-dropout", "cnn-small", "cnn-bn", "cnn-bn-small", "cnn-bn-strided", "vgg-bn"]


def build(name, kernel_size=3):
    relu = "relu"
    if name == "baseline":
        stack = [layers.Flatten(), layers.Dense(128, relu), layers.Dense(10)]
    elif name == "cnn":
        k = kernel_size
        stack = [layers.Conv2D(32, k, padding="same", activation=relu), layers.MaxPooling2D(2),
                 layers.Conv2D(64, k, padding="same", activation=relu), layers.MaxPooling2D(2),
                 layers.Flatten(), layers.Dense(64, relu), layers.Dense(10)]
    elif name == "mlp-dropout":
        stack = [layers.Flatten(), layers.Dense(128, relu), layers.Dropout(0.2),
                 layers.Dense(64, relu), layers.Dropout(0.2), layers.Dense(10)]
    elif name == "cnn-dropout":
        stack = [layers.Conv2D(32, 3, padding="same", activation=relu), layers.MaxPooling2D(2),
                 layers.Conv2D(64, 3, padding="same", activation=relu), layers.MaxPooling2D(2),
                 layers.Flatten(), layers.Dense(128, relu), layers.Dropout(0.3), layers.Dense(10)]
    elif name == "cnn-small":
        stack = [layers.Conv2D(16, 3, padding="same", activation=relu), layers.MaxPooling2D(2),
                 layers.Conv2D(32, 3, padding="same", activation=relu), layers.MaxPooling2D(2),
                 layers.Flatten(), layers.Dense(128, relu), layers.Dense(10)]
    elif name == "cnn-bn":
        stack = vgg_blocks() + [layers.Flatten(), layers.Dense(128, relu), layers.Dropout(0.3), layers.Dense(10)]
    elif name == "cnn-bn-small":
        stack = (conv_bn_relu(32) + [layers.MaxPooling2D(2)] + conv_bn_relu(64) + [layers.MaxPooling2D(2)]
                 + [layers.Flatten(), layers.Dense(256, relu), layers.Dense(10)])
    elif name == "cnn-bn-strided":
        stack = [layers.Conv2D(32, 5, strides=2, padding="same"), layers.BatchNormalization(),
                 layers.Activation(relu), layers.Conv2D(64, 3), layers.MaxPooling2D(2),
                 layers.BatchNormalization(), layers.Activation(relu),
                 layers.Flatten(), layers.Dense(256, relu), layers.Dense(10)]
    elif name == "vgg-bn":
        stack = vgg_blocks() + [layers.Flatten(), layers.Dense(512), layers.BatchNormalization(),
                                layers.Activation(relu), layers.Dropout(0.3), layers.Dense(10)]
    else:
        raise ValueError(name)
    return keras.Sequential([keras.Input((28, 28, 1)), *stack], name=name)


def conv_bn_relu(filters):
    """A 3x3 valid convolution, BatchNormalization, then ReLU."""
    return [layers.Conv2D(filters, 3), layers.BatchNormalization(), layers.Activation("relu")]


def vgg_blocks():
    """Two VGG-style blocks: two conv-BN-ReLU of 32 filters, pool, two of 64, pool."""
    stack = []
    for filters in (32, 64):
        stack += conv_bn_relu(filters) + conv_bn_relu(filters) + [layers.MaxPooling2D(2)]
    return stack


def fmnist_weight_names(model):
    """The fmnist variable name of each Keras weight, in model.weights order."""
    names = []
    counts = {}
    suffix = {"kernel": "kernel", "bias": "bias", "gamma": "gamma", "beta": "beta",
              "moving_mean": "moving_mean", "moving_variance": "moving_variance"}
    for layer in model.layers:
        base = {"Conv2D": "conv2d", "Dense": "dense", "BatchNormalization": "batch_normalization"}.get(
            type(layer).__name__)
        if base is None:
            continue
        n = counts.get(base, 0)
        counts[base] = n + 1
        prefix = base if n == 0 else f"{base}_{n}"
        for w in layer.weights:
            names.append(f"{prefix}_{suffix[w.name.split('/')[-1]]}")
    return names
