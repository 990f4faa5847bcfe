package org.fmnist.cli;

import java.util.concurrent.Callable;
import org.fmnist.data.DatasetInfo;
import org.fmnist.data.DatasetLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Find, describe and download the Fashion-MNIST files.",
    subcommands = {DataCommand.Info.class, DataCommand.Fetch.class})
final class DataCommand {

  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = "Where the data was found, counts per split and class, and the checksums.")
  static final class Info implements Callable<Integer> {
    @Mixin DataOptions data;

    @Override
    public Integer call() {
      System.out.print(DatasetInfo.describe(data.load()));
      return Fmnist.OK;
    }
  }

  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = "Download the official files into data/fashion-mnist/ (verified by checksum).")
  static final class Fetch implements Callable<Integer> {
    @Override
    public Integer call() {
      new DatasetLocator().fetch(Logs::info);
      return Fmnist.OK;
    }
  }
}
