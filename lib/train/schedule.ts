// The learning-rate schedule: linear warmup, then cosine decay to a floor, as nanoGPT's get_lr.

export interface LearningRateSchedule {
  maxLearningRate: number; // reached at the end of warmup
  minLearningRate: number; // floor of the cosine, and the rate after decaySteps
  warmupSteps: number; // steps of linear increase from maxLearningRate / warmupSteps
  decaySteps: number; // step at which the cosine reaches minLearningRate, usually the last step
}

/** Returns the learning rate of step `step` (0-based). */
export function learningRateAt(step: number, schedule: LearningRateSchedule): number {
  const { maxLearningRate, minLearningRate, warmupSteps, decaySteps } = schedule;
  if (step < warmupSteps) return (maxLearningRate * (step + 1)) / warmupSteps;
  if (step >= decaySteps) return minLearningRate;
  const progress = (step - warmupSteps) / Math.max(1, decaySteps - warmupSteps); // 0 → 1
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress)); // 1 → 0
  return minLearningRate + cosine * (maxLearningRate - minLearningRate);
}

/** Throws a RangeError naming the first field of `schedule` that is out of range. */
export function checkSchedule(schedule: LearningRateSchedule): void {
  const { maxLearningRate, minLearningRate, warmupSteps, decaySteps } = schedule;
  if (!(maxLearningRate > 0) || !Number.isFinite(maxLearningRate)) throw new RangeError(`maxLearningRate ${maxLearningRate} is invalid; expected a positive number`);
  if (!(minLearningRate >= 0 && minLearningRate <= maxLearningRate)) {
    throw new RangeError(`minLearningRate ${minLearningRate} is invalid; expected a number from 0 to maxLearningRate ${maxLearningRate}`);
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) throw new RangeError(`warmupSteps ${warmupSteps} is invalid; expected a non-negative integer`);
  if (!Number.isInteger(decaySteps) || decaySteps < warmupSteps) {
    throw new RangeError(`decaySteps ${decaySteps} is invalid; expected an integer of at least warmupSteps ${warmupSteps}`);
  }
}
