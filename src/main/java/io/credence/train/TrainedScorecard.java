package io.credence.train;

import java.nio.file.Path;

/** What a training run produced: its report and the directory holding its outputs. */
public record TrainedScorecard(TrainingReport report, Path directory) {}
