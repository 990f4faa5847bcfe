package org.fmnist.serving;

/** One class and the probability the model gives it. */
public record ClassScore(int classId, String label, float probability) {}
