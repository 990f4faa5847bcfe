package org.fmnist.serving.rest;

import java.util.Arrays;

/** A growable array of doubles: the values of a tensor as they are parsed. */
final class DoubleList {
  private double[] values = new double[1024];
  private int size;

  void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = value;
  }

  int size() {
    return size;
  }

  double get(int index) {
    return values[index];
  }
}
