/**
 * How the scripted answer travels through the real interface. The first hidden channels of every
 * embedding carry facts the decoder reads in the prefill call; the decoder keeps what it decided in
 * two value-cache channels of its last layer, so later one-token calls can find their step.
 */
export const Channel = {
  /** Trigger code of a prompt token (0 for ordinary tokens). */
  trigger: 0,
  /** 1 on image-feature rows, 0 on text. */
  image: 1,
  /** Mean normalised pixel value of the four patches behind an image-feature row. */
  brightness: 2,
} as const;

export const RESERVED_CHANNELS = 3;

/**
 * Normalised pixels lie in [-1, 1]; un-normalised ones in [0, 1] (or [0, 255]) and so always read as
 * light. Only with normalisation on (trap §4.1) can a dark image fall below this.
 */
export const LIGHT_THRESHOLD = -0.2;

/** Logit of a sure scripted token: probability ≈ 1 against the whole vocabulary. */
export const SURE_LOGIT = 30;

/** Target probabilities of an unsure token and of its runner-up. */
export const UNSURE_PROBABILITY = 0.4;
export const RUNNER_UP_PROBABILITY = 0.35;
