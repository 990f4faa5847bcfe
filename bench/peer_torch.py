"""PyTorch (eager, CPU), the same model and recipe as `fmnist train`: Glorot-uniform kernels, zero
biases, Adam(lr, eps=1e-7), batch 32, the same validation split, a fresh shuffle every epoch.

Prints one `BENCH {json}` line per epoch like peer_keras.py.
"""
import fmnist_data

args = fmnist_data.peer_args()

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(args.threads)
torch.manual_seed(args.seed)


def nchw(a):
    return torch.from_numpy(a).permute(0, 3, 1, 2).contiguous()


(x, y), (x_val, y_val), (x_test, y_test) = fmnist_data.load(args.limit_train, args.validation_split)
x, x_val, x_test = nchw(x), nchw(x_val), nchw(x_test)
y, y_val, y_test = torch.from_numpy(y), torch.from_numpy(y_val), torch.from_numpy(y_test)

if args.model == "cnn":
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10))
else:
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
for m in model.modules():
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()


def accuracy(images, labels):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(labels), 1000):
            correct += (model(images[i:i + 1000]).argmax(1) == labels[i:i + 1000]).sum().item()
    return correct / len(labels)


fmnist_data.report(framework="pytorch " + torch.__version__)
clock = fmnist_data.EpochClock()
for epoch in range(1, args.epochs + 1):
    clock.start()
    model.train()
    order = torch.randperm(len(y))
    loss_sum = 0.0
    for i in range(0, len(y), args.batch_size):
        batch = order[i:i + args.batch_size]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(batch)
    val_accuracy = accuracy(x_val, y_val)
    seconds = clock.stop()
    fmnist_data.report(epoch=epoch, seconds=seconds, loss=loss_sum / len(y),
                       val_accuracy=val_accuracy, test_accuracy=accuracy(x_test, y_test),
                       train_images=len(y), val_images=len(y_val))
