package org.fmnist.experiment;

import org.fmnist.errors.BadOptionException;

/**
 * Which share of an experiment's planned runs one process trains: run {@code i} of the plan
 * belongs to shard {@code i mod count}. {@code index} counts from 0, like a Kubernetes Indexed
 * Job's {@code JOB_COMPLETION_INDEX}, so {@code --shard $JOB_COMPLETION_INDEX/N} needs no arithmetic.
 * Shards never share a run folder, so they may train at the same time into one shared folder.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new BadOptionException(
          "{shard} is I/N with 0 <= I < N (I counts from 0), not " + index + "/" + count);
    }
  }

  /** {@code I/N}, e.g. {@code 0/4}. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new BadOptionException("{shard} is I/N, e.g. 0/4, not '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new BadOptionException("{shard} is I/N with whole numbers, not '" + text + "'");
    }
  }

  public boolean owns(int planIndex) {
    return planIndex % count == index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
